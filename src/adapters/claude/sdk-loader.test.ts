import { describe, expect, it } from 'vitest';
import { loadClaudeSdk, missingExecutableError } from './sdk-loader.js';

describe('missingExecutableError', () => {
  it.each([
    'Claude Code native binary not found at /x/claude. Please ensure Claude Code is installed',
    'Claude Code executable not found at /x/cli.js. Is options.pathToClaudeCodeExecutable set?',
    'Claude Code native binary at /x/claude exists but failed to launch.',
    'spawn /x/claude ENOENT',
  ])('%s → provider_unavailable saying what to install', (message) => {
    const error = missingExecutableError(new Error(message), undefined);
    expect(error?.code).toBe('provider_unavailable');
    expect(error?.message).toMatch(/@anthropic-ai\/claude-agent-sdk-linux-x64|platform package/);
  });

  it('names the configured executable', () => {
    const error = missingExecutableError(new Error('spawn /opt/claude ENOENT'), '/opt/claude');
    expect(error?.message).toContain('/opt/claude (pathToClaudeCodeExecutable)');
    expect(error?.details).toMatchObject({ provider: 'claude', executable: '/opt/claude' });
  });

  it('is null for other failures', () => {
    expect(missingExecutableError(new Error('API Error: 500'), undefined)).toBeNull();
  });
});

describe('loadClaudeSdk', () => {
  it('loads the SDK once', async () => {
    const first = loadClaudeSdk();
    expect(loadClaudeSdk()).toBe(first);
    expect(typeof (await first).query).toBe('function');
  });
});
