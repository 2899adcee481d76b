import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run } from '../src/core/run.js';
import { Session } from '../src/core/session.js';
import { SessionEvent } from '../src/core/session-event.js';
import {
  asm,
  finish,
  freshDir,
  isAlive,
  makeRoot,
  pipedIntoHead,
  processStartTime,
  removeRoot,
  STACK,
  seedSession,
  start,
  until,
  withStore,
} from './support/cli-kit.js';

// The built `asm` against pipes closed early, concurrent processes and killed processes.

beforeAll(() => {
  makeRoot('asm-proc-');
});

afterAll(() => {
  removeRoot();
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
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    // Generous: on a loaded machine the CLI's start and first event can take seconds.
    await until(() => out.includes('"run_started"'), 30_000).catch((error: Error) => {
      throw new Error(
        `${error.message}; stdout: ${out.slice(0, 500)}; stderr: ${err.slice(0, 500)}`,
      );
    });
    const runId = /"runId":"(run_\w+)"/.exec(out)?.[1] as string;
    child.kill('SIGKILL');
    await done;

    // The next asm command against the store ends the run: the owner is provably gone.
    const shown = await asm(cwd, ['sessions']);
    expect(shown.code, shown.stderr).toBe(0);
    const run = await withStore(join(cwd, '.asm', 'sessions.db'), (store) => store.getRun(runId));
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/is gone/);
  }, 60_000);

  it.each([
    ['an owner id of today (pid and another start time)', true],
    ['an owner id of older asm (pid only)', false],
  ])(
    'asm cancel does not signal a live unrelated process whose pid %s names',
    async (_, withStart) => {
      const cwd = freshDir();
      const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        const pid = sleeper.pid as number;
        const wrongStart = String(Number(processStartTime(pid)) + 12345);
        const owner = `asm:${hostname()}:${pid}${withStart ? `:${wrongStart}` : ''}`;
        const path = join(cwd, 'store.db');
        const runId = await withStore(path, async (store) => {
          const session = await seedSession(store);
          const now = new Date().toISOString();
          const run = await store.saveRun(
            Run.create({
              sessionId: session.id,
              input: 'forged',
              status: 'running',
              owner,
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
        expect(sleeper.signalCode).toBeNull();
        const recovered = await asm(cwd, ['recover', '--store', `sqlite:${path}`]);
        expect(recovered.code, recovered.stderr).toBe(0);
        const run = await withStore(path, (store) => store.getRun(runId));
        // A pid that started at another time is provably not the owner: its run is ended. A pid
        // alone proves nothing while it is in use: that run is left to the heartbeat.
        expect(run.status).toBe(withStart ? 'failed' : 'running');
        expect(isAlive(pid)).toBe(true);
      } finally {
        sleeper.kill('SIGKILL');
      }
    },
  );

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
