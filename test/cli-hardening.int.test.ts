import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run } from '../src/core/run.js';
import { Session } from '../src/core/session.js';
import { SessionEvent } from '../src/core/session-event.js';
import { SqliteSessionStore } from '../src/stores/sqlite/sqlite-session-store.js';

// The built `asm` (dist/cli/bin.js, built by the global setup) spawned like a user would, against
// pipes closed early, concurrent processes, killed processes and hostile stored text.
const BIN = process.env.ASM_TEST_BIN ?? resolve(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const STACK = /\n\s+at /;
const ESC = String.fromCharCode(27);

let root: string;
let seq = 0;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function freshDir(): string {
  const dir = join(root, `case-${++seq}`);
  mkdirSync(dir);
  return dir;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
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

function start(
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

function finish(child: ChildProcess): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

function asm(cwd: string, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  return finish(start(cwd, args, extra));
}

/** `asm <args> | head -c <bytes>` through a real shell pipe; the exit status of asm and stderr. */
function pipedIntoHead(
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

async function withStore<T>(
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

async function seedSession(store: SqliteSessionStore, agentId = 'seed'): Promise<Session> {
  const session = await store.saveSession(Session.create({ agentId }));
  await store.appendEvents(session.id, [
    SessionEvent.create({ type: 'session_created', sessionId: session.id, data: { agentId } }),
  ]);
  return session;
}

function processStartTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'asm-hard-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('a reader that closes stdout early', () => {
  it('asm sessions --json | head -1 exits quietly', async () => {
    const cwd = freshDir();
    await withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      for (let i = 0; i < 3000; i++) await store.saveSession(Session.create({ agentId: 'many' }));
    });
    const r = await pipedIntoHead(cwd, ['sessions', '--json', '--limit', '1000'], 'head -1');
    expect(JSON.parse(r.head).agentId).toBe('many');
    expect(r.stderr).toBe('');
    expect([0, 141]).toContain(r.asmStatus);
  });

  it('asm events S | head exits quietly', async () => {
    const cwd = freshDir();
    const sessionId = await withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const session = await seedSession(store);
      const events = Array.from({ length: 20_000 }, (_, i) =>
        SessionEvent.create({
          type: 'message_streamed',
          sessionId: session.id,
          data: { delta: `chunk ${i} `.repeat(4) },
        }),
      );
      for (let i = 0; i < events.length; i += 1000) {
        await store.appendEvents(session.id, events.slice(i, i + 1000));
      }
      return session.id;
    });
    const r = await pipedIntoHead(cwd, ['events', sessionId], 'head -3');
    expect(r.head.trimEnd().split('\n')).toHaveLength(3);
    expect(r.stderr).toBe('');
    expect([0, 141]).toContain(r.asmStatus);
  });

  it('asm run … | head -c 10 exits quietly and stores the run cancelled', async () => {
    const cwd = freshDir();
    const r = await pipedIntoHead(cwd, ['run', 'A long answer, please'], 'head -c 10', {
      ASM_MOCK_LATENCY_MS: '100',
    });
    expect(r.head).toHaveLength(10);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect([0, 141]).toContain(r.asmStatus);
    const runs = await withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const sessions = await store.listSessions();
      return (await store.listRuns(sessions.items[0]?.id as string)).items;
    });
    expect(runs.map((run) => run.status)).toEqual(['cancelled']);
  });
});

describe('two asm resume at once on one session', () => {
  it('refuses the second with an error naming the session and the owner; each prints only its own run', async () => {
    const cwd = freshDir();
    const first = await asm(cwd, ['run', 'First']);
    expect(first.code, first.stderr).toBe(0);
    const sessionId = /resume with: asm resume (ses_\w+)/.exec(first.stderr)?.[1] as string;

    const slow = start(cwd, ['resume', sessionId, '--json', 'Slow one'], {
      ASM_MOCK_LATENCY_MS: '300',
    });
    const slowDone = finish(slow);
    let out = '';
    slow.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('"run_started"'));
    const second = await asm(cwd, ['resume', sessionId, '--json', 'Second one']);
    const slowResult = await slowDone;
    expect(slowResult.code, slowResult.stderr).toBe(0);

    expect(second.code).toBe(75);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(
      new RegExp(
        `^asm: session ${sessionId} is busy: a run is being executed by asm:${hostname()}:${slow.pid}:`,
      ),
    );
    const events = slowResult.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { runId: string | null; type: string });
    const runIds = new Set(events.map((e) => e.runId));
    expect(runIds.size).toBe(1);
    expect(events[0]?.type).toBe('run_started');
    expect(events.at(-1)?.type).toBe('run_completed');
    // The lock is released: the next resume runs as the third turn.
    const third = await asm(cwd, ['resume', sessionId, 'Third']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe('Mock answer #3 to: "Third"\n');
  });

  it('prints only its own run when another writer adds a run to the session meanwhile', async () => {
    const cwd = freshDir();
    const first = await asm(cwd, ['run', 'First']);
    const sessionId = /resume with: asm resume (ses_\w+)/.exec(first.stderr)?.[1] as string;
    const slow = start(cwd, ['resume', sessionId, '--json', 'Slow'], {
      ASM_MOCK_LATENCY_MS: '300',
    });
    const slowDone = finish(slow);
    let out = '';
    slow.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('"run_started"'));
    const foreign = await withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const run = await store.saveRun(Run.create({ sessionId, input: 'foreign' }));
      await store.appendEvents(sessionId, [
        SessionEvent.create({
          type: 'message_sent',
          sessionId,
          runId: run.id,
          data: { role: 'user', content: 'foreign' },
        }),
      ]);
      return run.id;
    });
    const r = await slowDone;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(foreign);
  });
});

describe('runs whose asm process is gone', () => {
  it('a SIGKILLed asm run is ended by the next asm start; asm cancel never signals a process that reused the pid', async () => {
    const cwd = freshDir();
    const child = start(cwd, ['run', '--json', 'Slowly'], { ASM_MOCK_LATENCY_MS: '200' });
    const done = finish(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('"run_started"'));
    const runId = /"runId":"(run_\w+)"/.exec(out)?.[1] as string;
    child.kill('SIGKILL');
    await done;

    // The next asm command against the store ends the run: the owner is provably gone.
    const shown = await asm(cwd, ['sessions']);
    expect(shown.code, shown.stderr).toBe(0);
    const run = await withStore(join(cwd, '.asm', 'sessions.db'), (store) => store.getRun(runId));
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/is gone/);
  });

  it('asm cancel does not signal a live unrelated process whose pid the owner names', async () => {
    const cwd = freshDir();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid as number;
      const wrongStart = String(Number(processStartTime(pid)) + 12345);
      const path = join(cwd, 'store.db');
      const runId = await withStore(path, async (store) => {
        const session = await seedSession(store);
        const now = new Date().toISOString();
        const run = await store.saveRun(
          Run.create({
            sessionId: session.id,
            input: 'forged',
            status: 'running',
            owner: `asm:${hostname()}:${pid}:${wrongStart}`,
            heartbeatAt: now,
            startedAt: now,
          }),
        );
        return run.id;
      });
      const cancelled = await asm(cwd, ['cancel', runId, '--store', `sqlite:${path}`]);
      expect(cancelled.stderr).not.toMatch(STACK);
      await new Promise((r) => setTimeout(r, 200));
      expect(isAlive(pid)).toBe(true);
      expect(sleeper.exitCode).toBeNull();
      const recovered = await asm(cwd, ['recover', '--store', `sqlite:${path}`]);
      expect(recovered.code, recovered.stderr).toBe(0);
      const run = await withStore(path, (store) => store.getRun(runId));
      expect(run.status).toBe('failed');
      expect(isAlive(pid)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('asm recover ends a run whose owner process is gone, and leaves a live one alone', async () => {
    const cwd = freshDir();
    const path = join(cwd, 'store.db');
    const live = start(cwd, ['run', '--json', '--store', `sqlite:${path}`, 'Slow'], {
      ASM_MOCK_LATENCY_MS: '400',
    });
    const liveDone = finish(live);
    let out = '';
    live.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('"run_started"'));
    const liveRun = /"runId":"(run_\w+)"/.exec(out)?.[1] as string;
    const deadRun = await withStore(path, async (store) => {
      const session = await seedSession(store);
      const now = new Date().toISOString();
      return (
        await store.saveRun(
          Run.create({
            sessionId: session.id,
            input: 'orphan',
            status: 'running',
            owner: `asm:${hostname()}:999999999:1`,
            heartbeatAt: now,
            startedAt: now,
          }),
        )
      ).id;
    });
    const r = await asm(cwd, ['recover', '--store', `sqlite:${path}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(deadRun);
    expect(r.stdout).not.toContain(liveRun);
    const statuses = await withStore(path, async (store) => [
      (await store.getRun(deadRun)).status,
      (await store.getRun(liveRun)).status,
    ]);
    expect(statuses[0]).toBe('failed');
    expect(['running', 'completed']).toContain(statuses[1]);
    expect((await liveDone).code).toBe(0);
  });
});

describe('stored text with terminal control characters', () => {
  const hostile = `title${ESC}]0;pwned${String.fromCharCode(7)} clear${ESC}[2J csi${String.fromCharCode(0x9b)}31m del${String.fromCharCode(0x7f)} bidi\u202Egnp.exe`;

  async function hostileStore(cwd: string): Promise<string> {
    return withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const session = await store.saveSession(
        Session.create({
          agentId: `agent${ESC}[31m`,
          context: { systemPrompt: hostile },
          tags: [hostile],
        }),
      );
      const run = await store.saveRun(Run.create({ sessionId: session.id, input: hostile }));
      await store.appendEvents(session.id, [
        SessionEvent.create({
          type: 'session_created',
          sessionId: session.id,
          data: { agentId: hostile },
        }),
        SessionEvent.create({
          type: 'message_sent',
          sessionId: session.id,
          runId: run.id,
          data: { role: 'user', content: hostile },
        }),
        SessionEvent.create({
          type: 'message_streamed',
          sessionId: session.id,
          runId: run.id,
          data: { delta: hostile },
        }),
        SessionEvent.create({
          type: 'tool_call_completed',
          sessionId: session.id,
          runId: run.id,
          data: { toolCallId: 't1', toolName: `sh${ESC}[2J`, toolOutput: hostile },
        }),
      ]);
      return session.id;
    });
  }

  function expectNoControls(text: string) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  }

  it('show, events and sessions print them visibly, not raw', async () => {
    const cwd = freshDir();
    const sessionId = await hostileStore(cwd);
    for (const args of [['show', sessionId], ['events', sessionId], ['sessions']]) {
      const r = await asm(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expectNoControls(r.stdout + r.stderr);
    }
    const shown = await asm(cwd, ['show', sessionId]);
    expect(shown.stdout).toContain('␛]0;pwned');
  });

  it('--json stays exact JSON', async () => {
    const cwd = freshDir();
    const sessionId = await hostileStore(cwd);
    const r = await asm(cwd, ['events', sessionId, '--json']);
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[1].data.content).toBe(hostile);
  });
});

describe('smaller defects', () => {
  it('run and resume --help list --file', async () => {
    const cwd = freshDir();
    for (const command of ['run', 'resume']) {
      const r = await asm(cwd, [command, '--help']);
      expect(r.stdout).toMatch(/--file <path>/);
    }
  });

  it('--limit -1 says the value must be a positive integer', async () => {
    const cwd = freshDir();
    const r = await asm(cwd, ['sessions', '--limit', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("asm: --limit must be a positive integer, got '-1'\n");
  });

  it('read-only commands create neither the store file nor its directory', async () => {
    const cwd = freshDir();
    const listed = await asm(cwd, ['sessions']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/no store yet/i);
    for (const args of [
      ['show', 'ses_x'],
      ['events', 'ses_x'],
      ['cancel', 'run_x'],
    ]) {
      const r = await asm(cwd, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/no store yet/i);
    }
    const nested = await asm(cwd, ['sessions', '--store', 'sqlite:deep/er/s.db']);
    expect(nested.code).toBe(0);
    expect(existsSync(join(cwd, '.asm'))).toBe(false);
    expect(existsSync(join(cwd, 'deep'))).toBe(false);
  });

  it('a filtered empty listing says that none match the filter', async () => {
    const cwd = freshDir();
    await asm(cwd, ['run', 'Hello']);
    const r = await asm(cwd, ['sessions', '--status', 'failed']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('No sessions match --status failed.\n');
  });

  it('broken store files exit 3 with a message naming the file and the problem', async () => {
    const cwd = freshDir();
    await asm(cwd, ['run', 'Hello']);
    const good = readFileSync(join(cwd, '.asm', 'sessions.db'));
    writeFileSync(join(cwd, 'garbage.db'), 'this is not a database at all, not even close.....');
    writeFileSync(join(cwd, 'truncated.db'), good.subarray(0, 5000));
    mkdirSync(join(cwd, 'dir.db'));
    for (const name of ['garbage.db', 'truncated.db', 'dir.db']) {
      for (const args of [['sessions'], ['show', 'ses_x'], ['events', 'ses_x'], ['run', 'x']]) {
        const r = await asm(cwd, [...args, '--store', `sqlite:${name}`]);
        expect(r.code, `${name} ${args[0]}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toMatch(
          new RegExp(`^asm: store ${join(cwd, name).replace(/\//g, '\\/')} `),
        );
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).not.toMatch(/listSessions|getSession|readEvents|latestSeq|internal error/);
      }
    }
  });

  it('a read-only database can be listed and shown', async () => {
    const cwd = freshDir();
    await asm(cwd, ['run', 'Hello']);
    const dir = join(cwd, 'ro');
    mkdirSync(dir);
    execFileSync('cp', [join(cwd, '.asm', 'sessions.db'), join(dir, 's.db')]);
    chmodSync(join(dir, 's.db'), 0o444);
    chmodSync(dir, 0o555);
    chmodSync(root, 0o755);
    chmodSync(cwd, 0o755);
    // As root, permissions do not bind: run the reader as nobody.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(
      process.execPath,
      [BIN, 'sessions', '--store', `sqlite:${join(dir, 's.db')}`],
      {
        cwd: dir,
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
        ...asUser,
      },
    );
    const r = await finish(child);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ses_\w+\s+active\s+cli/);
  });

  it('asm events streams a 200,000-event log in bounded memory', async () => {
    const cwd = freshDir();
    const sessionId = await withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const session = await seedSession(store);
      for (let i = 0; i < 200; i++) {
        await store.appendEvents(
          session.id,
          Array.from({ length: 1000 }, (_, j) =>
            SessionEvent.create({
              type: 'message_streamed',
              sessionId: session.id,
              data: { delta: `delta ${i}.${j} with some text to make it heavier` },
            }),
          ),
        );
      }
      return session.id;
    });
    const child = start(cwd, ['events', sessionId, '--json'], {}, ['--max-old-space-size=48']);
    let lines = 0;
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      for (const byte of d) if (byte === 10) lines++;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise((done) => child.on('close', done));
    expect(code, stderr.slice(0, 500)).toBe(0);
    expect(lines).toBe(200_001);
  }, 120_000);
});
