import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, env as cliEnv, ESC, STACK } from './support/cli-kit.js';

// End to end: the built `asm` (dist/cli/bin.js, built by the global setup) spawned like a user would.
const ANSI_COLOR = new RegExp(`${ESC}\\[\\d+m`);

let cwd: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finish(child: ChildProcess): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

function asm(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return finish(start(args, env));
}

async function jsonLines(args: string[]): Promise<Record<string, unknown>[]> {
  const result = await asm(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function firstOutput(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.stdout?.once('data', () => done());
    child.once('close', () => done());
  });
}

function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const tick = () => {
      if (check()) done();
      else if (Date.now() > deadline) fail(new Error('condition not met in time'));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'asm-cli-'));
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('asm run on the default SQLite store', () => {
  let sessionId: string;

  it('streams the answer on stdout and a summary on stderr, without colors when piped', async () => {
    const result = await asm(['run', 'Hello']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Mock answer #1 to: "Hello"\n');
    expect(result.stderr).toMatch(/✓ completed in .* tokens \(\d+ in · \d+ out\) · cost n\/a/);
    const match = /resume with: asm resume (ses_[0-9a-f]{32}) "…"/.exec(result.stderr);
    expect(match).not.toBeNull();
    sessionId = match?.[1] as string;
    expect(result.stdout + result.stderr).not.toContain(ESC);
    expect(existsSync(join(cwd, '.asm', 'sessions.db'))).toBe(true);
  });

  it('continues the session with resume and run --session (the conversation goes on)', async () => {
    const resumed = await asm(['resume', sessionId, 'Again']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe('Mock answer #2 to: "Again"\n');
    const continued = await asm(['run', '--session', sessionId, 'Third']);
    expect(continued.stdout).toBe('Mock answer #3 to: "Third"\n');
  });

  it('prints stored events as JSON lines with --json, and nothing else', async () => {
    const result = await asm(['run', '--json', 'Hi']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('session_created');
    expect(types.filter((t) => t === 'run_started')).toHaveLength(1);
    expect(types.at(-1)).toBe('run_completed');
    const sid = events[0].sessionId;
    // The same events are what the store holds.
    expect(await jsonLines(['events', sid, '--json'])).toEqual(events);
  });

  it('lists, shows and prints events', async () => {
    const list = await asm(['sessions']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^SESSION\s+STATUS\s+AGENT\s+CREATED\n/);
    expect(list.stdout).toContain(sessionId);
    const listed = await jsonLines(['sessions', '--json', '--status', 'active']);
    expect(listed.map((s) => s.id)).toContain(sessionId);
    expect(await jsonLines(['sessions', '--json', '--limit', '1'])).toHaveLength(1);

    const [shown] = await jsonLines(['show', sessionId, '--json']);
    const { session, runs, totals } = shown as {
      session: { id: string; status: string };
      runs: { status: string }[];
      totals: { runs: number; tokenUsage: { totalTokens: number } };
    };
    expect(session).toMatchObject({ id: sessionId, status: 'active' });
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(totals.runs).toBe(3);
    expect(totals.tokenUsage.totalTokens).toBeGreaterThan(0);
    const text = await asm(['show', sessionId]);
    expect(text.stdout).toMatch(/Runs \(3\)/);
    expect(text.stdout).toMatch(/Totals {2}\d+ tokens/);

    const events = await jsonLines(['events', sessionId, '--json']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const after = await jsonLines(['events', sessionId, '--json', '--after', '5']);
    expect(after[0]?.seq).toBe(6);
    const lines = await asm(['events', sessionId]);
    expect(lines.stdout).toMatch(/^\s+1 {2}\d\d:\d\d:\d\d\.\d{3} {2}session_created/);
  });

  it('cancels a run with Ctrl-C: exit 130 and a stored run_cancelled', async () => {
    const child = start(['run', 'Please take your time'], { ASM_MOCK_LATENCY_MS: '150' });
    const done = finish(child);
    await firstOutput(child);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/■ cancelled after/);
    const sid = /resume with: asm resume (ses_\w+)/.exec(result.stderr)?.[1] as string;
    const events = await jsonLines(['events', sid, '--json']);
    expect(events.at(-1)).toMatchObject({
      type: 'run_cancelled',
      data: { reason: 'interrupted (SIGINT)' },
    });
  });

  it('cancels a run executing in another process with asm cancel', async () => {
    const child = start(['run', '--json', 'Slowly, please'], { ASM_MOCK_LATENCY_MS: '150' });
    const done = finish(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('"run_started"'));
    const runId = /"runId":"(run_\w+)"/.exec(out)?.[1] as string;
    const cancelled = await asm(['cancel', runId]);
    expect(cancelled).toEqual({ code: 0, stdout: `run ${runId} cancelled\n`, stderr: '' });
    expect((await done).code).toBe(130);
    const again = await asm(['cancel', runId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`asm: run ${runId} is not running (it is cancelled)\n`);
  });

  it('follows events appended by another process', async () => {
    const seen: Record<string, unknown>[] = [];
    const follower = start(['events', sessionId, '--follow', '--json']);
    const done = finish(follower);
    let buffer = '';
    follower.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) seen.push(JSON.parse(line));
    });
    // The whole stored log first (it is printed page by page), then what another process adds.
    const backlog = (await jsonLines(['events', sessionId, '--json'])).length;
    await until(() => seen.length >= backlog);
    const before = seen.length;
    const other = await asm(['resume', sessionId, 'From another process']);
    expect(other.code).toBe(0);
    await until(() => seen.slice(before).some((e) => e.type === 'run_completed'));
    const fresh = seen.slice(before);
    expect(fresh[0]?.type).toBe('run_started');
    expect(fresh.map((e) => e.seq)).toEqual(fresh.map((_, i) => before + i + 1));
    follower.kill('SIGINT');
    expect((await done).code).toBe(0);
  });
});

describe('asm bad input', () => {
  it.each([
    [['frobnicate'], "asm: unknown command 'frobnicate' (see asm --help)"],
    [['run', '--frob', 'x'], "asm: unknown option '--frob' for 'asm run' (see asm run --help)"],
    [['show', 'ses_missing'], 'asm: session ses_missing does not exist'],
    [['events', 'ses_missing', '--follow'], 'asm: session ses_missing does not exist'],
    [['cancel', 'run_missing'], 'asm: run run_missing does not exist'],
    [['sessions', '--store', 'mysql://db'], "asm: malformed store URL 'mysql://db'"],
    [
      ['run', '--file', 'no-such-file.txt'],
      "asm: cannot read prompt file 'no-such-file.txt' (ENOENT)",
    ],
    [['sessions', '--store', 'postgres://u@h/db'], 'asm: PostgreSQL store is not available yet'],
  ])('asm %j → one line on stderr, exit 2', async (args, message) => {
    const result = await asm(args);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK);
    expect(result.stdout).toBe('');
  });
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)('asm under a pseudo-terminal', () => {
  function inTerminal(extra: Record<string, string>): string {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} run --store memory: "Hi there"`;
    return execFileSync('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: cliEnv({ ASM_MOCK_LATENCY_MS: '100', ...extra }),
      encoding: 'utf8',
    });
  }

  it('shows the spinner and colors', () => {
    const output = inTerminal({});
    expect(output).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Thinking…/);
    expect(output).toMatch(ANSI_COLOR);
    expect(output).toContain('Mock answer #1 to: "Hi there"');
  });

  it('shows no colors with NO_COLOR', () => {
    const output = inTerminal({ NO_COLOR: '1' });
    expect(output).toContain('✓ completed');
    expect(output).not.toMatch(ANSI_COLOR);
  });
});
