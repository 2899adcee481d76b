import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Session } from '../../src/core/session.js';
import { SessionEvent } from '../../src/core/session-event.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';

// Helpers of the CLI process tests: the built `asm` (dist/cli/bin.js, built by the global setup, or
// $ASM_TEST_BIN) spawned like a user would, and stores seeded directly.
export const BIN =
  process.env.ASM_TEST_BIN ?? resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js');
export const STACK = /\n\s+at /;
export const ESC = String.fromCharCode(27);

let root: string | undefined;
let seq = 0;

/** Create the temporary root of a test file's cases (call in beforeAll). */
export function makeRoot(prefix: string): string {
  root = mkdtempSync(join(tmpdir(), prefix));
  return root;
}

/** Remove the root (call in afterAll). */
export function removeRoot(): void {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
}

/** The temporary root of this test file. */
export function rootDir(): string {
  if (root === undefined) throw new Error('makeRoot() first');
  return root;
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function freshDir(): string {
  const dir = join(rootDir(), `case-${++seq}`);
  mkdirSync(dir);
  return dir;
}

export function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ASM_MOCK_LATENCY_MS: '0', ...extra };
  for (const key of [
    'ANTHROPIC_API_KEY',
    'OPENAI_API_KEY',
    'CODEX_API_KEY',
    'NO_COLOR',
    'ASM_STORE',
  ]) {
    if (!(key in extra)) delete e[key];
  }
  return e;
}

export function start(
  cwd: string,
  args: string[],
  extra: Record<string, string> = {},
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd,
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function finish(child: ChildProcess): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

export function asm(
  cwd: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<Result> {
  return finish(start(cwd, args, extra));
}

/** `asm <args> | head -c <bytes>` through a real shell pipe; the exit status of asm and stderr. */
export function pipedIntoHead(
  cwd: string,
  args: string[],
  head: string,
  extra: Record<string, string> = {},
): Promise<{ asmStatus: number; stderr: string; head: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const script = `${quoted.join(' ')} 2>asm.err | ${head}; echo "status=\${PIPESTATUS[0]}" >&2`;
  const child = spawn('bash', ['-c', script], {
    cwd,
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return finish(child).then((r) => ({
    asmStatus: Number(/status=(\d+)/.exec(r.stderr)?.[1]),
    stderr: readFileSync(join(cwd, 'asm.err'), 'utf8'),
    head: r.stdout,
  }));
}

export function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
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

export async function withStore<T>(
  path: string,
  fn: (store: SqliteSessionStore) => Promise<T>,
): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const store = new SqliteSessionStore({ path });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function seedSession(store: SqliteSessionStore, agentId = 'seed'): Promise<Session> {
  const session = await store.saveSession(Session.create({ agentId }));
  await store.appendEvents(session.id, [
    SessionEvent.create({ type: 'session_created', sessionId: session.id, data: { agentId } }),
  ]);
  return session;
}

export function processStartTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
