import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useClaudeFake } from './support/claude-kit.js';
import { CODEX_MODEL, useCodexFake, userConfiguredSandbox } from './support/codex-kit.js';

// examples/live-session.ts on the real Claude Code CLI and the real codex binary, each against
// its fake model API, run from a user's working directory with the user's environment.
const ROOT = resolve(import.meta.dirname, '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const claude = useClaudeFake();
const codex = useCodexFake();

function liveSession(args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'examples', 'live-session.ts'), ...args],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('examples/live-session.ts on the real CLIs', () => {
  it('--provider claude streams two turns of one Claude session', async () => {
    const box = claude.sandbox();
    const result = await liveSession(
      ['--provider', 'claude', 'I like tea', 'What do I like?'],
      box.env,
      box.workspace,
    );
    expect(result.stderr).toContain('on provider claude');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Echo: I like tea');
    expect(result.stdout).toContain('Echo: What do I like?');
    // The second turn resumed the first: the fake received the first turn's messages.
    const last = claude.fake.messageRequests().at(-1);
    expect(JSON.stringify(last?.body)).toContain('I like tea');
  });

  it('--provider codex streams two turns of one Codex thread', async () => {
    const box = userConfiguredSandbox(codex, 'FAKE_KEY');
    const result = await liveSession(
      ['--provider', 'codex', '--model', CODEX_MODEL, 'I like tea', 'What do I like?'],
      box.env,
      box.workspace,
    );
    expect(result.stderr).toContain('on provider codex');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Echo: I like tea');
    expect(result.stdout).toContain('Echo: What do I like?');
    const last = codex.fake.responseRequests().at(-1);
    expect(JSON.stringify(last?.body)).toContain('I like tea');
  });
});
