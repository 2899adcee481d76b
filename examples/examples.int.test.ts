import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'asm-examples-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `examples/<file>` with tsx, as a user would, and collect its output and exit code. */
function example(file: string, args: string[] = []): Promise<Outcome> {
  return new Promise((done) => {
    execFile(
      tsx,
      [join('examples', file), ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('examples', () => {
  it('quick-start: session → run → result → complete', async () => {
    const { code, stdout, stderr } = await example('quick-start.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^session ses_[0-9a-f]{32} \(pending\)$/m);
    expect(stdout).toMatch(/^run run_[0-9a-f]{32}: completed$/m);
    expect(stdout).toContain('answer: Hello! I am a mock agent.');
    expect(stdout).toContain('session completed');
    const events = /^events: (.*)$/m.exec(stdout)?.[1]?.split(', ') ?? [];
    expect(events[0]).toBe('session_created');
    expect(events.at(-1)).toBe('session_completed');
    expect(events.filter((t) => t === 'run_started')).toHaveLength(1);
    expect(events.filter((t) => t === 'run_completed')).toHaveLength(1);
  });

  it('live-session --provider mock streams two turns that share the conversation', async () => {
    const { code, stdout, stderr } = await example('live-session.ts', [
      '--provider',
      'mock',
      'I like tea',
      'What do I like?',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/session ses_[0-9a-f]{32} on provider mock/);
    expect(stdout).toContain('You said "I like tea". This is turn 1.');
    expect(stdout).toContain('Turn 2: you first said "I like tea", now "What do I like?".');
  });

  it('live-session --provider gpt is a validation error, exit 1', async () => {
    const { code, stdout, stderr } = await example('live-session.ts', ['--provider', 'gpt']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      "error [validation_error]: --provider must be mock, claude or codex, got 'gpt'",
    );
  });

  it('streaming: prints the deltas as one text, tool calls, then the result', async () => {
    const { code, stdout, stderr } = await example('streaming.ts', ['Tell me']);
    expect(code).toBe(0);
    expect(stdout).toContain('Streams deliver each piece of the answer as soon as it exists.\n');
    expect(stdout).toMatch(/status: completed, deltas: 13, tokens: \d+/);
    expect(stderr).toContain('[tool search started]');
    expect(stderr).toContain('[tool search done: {"hits":3}]');
    expect(stderr).toMatch(/\[\d+ run_started\]/);
    expect(stderr).toMatch(/\[\d+ run_completed\]$/m);
  });

  it('persistence-resume: a second process continues the session from the SQLite file', async () => {
    const db = join(dir, 'resume.db');
    const first = await example('persistence-resume.ts', [db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('answer: Nice to meet you. I will remember "My name is Ada.".');
    expect(first.stdout).toContain('runs in this session: 1');
    const sessionId = /^session: (ses_[0-9a-f]{32})$/m.exec(first.stdout)?.[1];
    expect(sessionId).toBeDefined();

    const second = await example('persistence-resume.ts', [db, sessionId as string]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`session: ${sessionId}`);
    expect(second.stdout).toContain('answer: Turn 2. Earlier you told me: "My name is Ada.".');
    expect(second.stdout).toContain('runs in this session: 2');
  });

  it('persistence-resume with an unknown session id fails with session_not_found', async () => {
    const { code, stderr } = await example('persistence-resume.ts', [
      join(dir, 'empty.db'),
      `ses_${'0'.repeat(32)}`,
    ]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('session_not_found');
  });

  it('multi-process: three processes share one SQLite file; every log stays gap-free', async () => {
    const { code, stdout } = await example('multi-process.ts', ['3', join(dir, 'shared.db')]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const [i, line] of lines.entries()) {
      expect(line).toBe(
        `worker ${i + 1}: exit 0, 3 runs seen live, 36 events, seq gap-free: true, session completed`,
      );
    }
  });
});
