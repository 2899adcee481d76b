import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { FAKE_CLAUDE_LOG_ENV, FAKE_CLAUDE_SCRIPT_ENV, fakeClaudeEnv } from './fake-claude-env.js';
import type { FakeClaudeScript } from './fake-claude-script.js';

describe('fakeClaudeEnv', () => {
  it('carries the script as JSON over the base env and copies PATH when the base has none', () => {
    const script: FakeClaudeScript = { turns: [{ text: 'hi' }], model: 'm' };
    const env = fakeClaudeEnv(script, { HOME: '/h' }, { logFile: '/tmp/log' });
    expect(JSON.parse(env[FAKE_CLAUDE_SCRIPT_ENV] as string)).toEqual(script);
    expect(env).toMatchObject({
      HOME: '/h',
      PATH: process.env.PATH,
      [FAKE_CLAUDE_LOG_ENV]: '/tmp/log',
    });
    expect(fakeClaudeEnv(script, { PATH: '/only' }).PATH).toBe('/only');
  });

  it('refuses a script without a turns array as validation_error', () => {
    const bad = { turns: 'x' } as unknown as FakeClaudeScript;
    expect(() => fakeClaudeEnv(bad)).toThrow(AgentSessionError);
    expect(() => fakeClaudeEnv(bad)).toThrow(/script\.turns/);
  });
});
