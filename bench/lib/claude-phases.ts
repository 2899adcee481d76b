import { performance } from 'node:perf_hooks';
import type { SessionEvent, SessionManager } from '../../src/index.js';
import type { FakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { claudeManager, directRun, libraryRun } from './claude-runs.js';
import {
  type ClaudeSandbox,
  claudeSandbox,
  isAlive,
  sandboxPids,
  waitFor,
} from './claude-sandbox.js';
import { rotated } from './interleave.js';
import { sleep } from './polling.js';

/** What every phase needs: the one fake server and a directory for sandboxes and databases. */
export interface PhaseContext {
  readonly fake: FakeAnthropic;
  readonly root: string;
}

const PROMPT = 'Answer in one short sentence.';

async function closeAll(managers: readonly SessionManager[]): Promise<void> {
  for (const manager of managers) await manager.close();
}

/** The cases of the overhead phase (`directResult`: the direct runs, until their `result`). */
export type OverheadCase = 'direct' | 'directResult' | 'sqlite' | 'memory';

/**
 * `runs` one-reply runs of one session per case, interleaved (run i of every case, then run i + 1):
 * `query()` directly, resuming the previous run's Claude session from the second run on, and
 * through `SessionManager` + `ClaudeAdapter` on a SQLite file and in memory. Each case first makes
 * one untimed run in a session of its own. Returns each case's run times in ms, and for the direct
 * runs also the time until their `result` message (`executeRun` returns there too: the adapter
 * lets its CLI exit in the background, while a direct iteration ends once the CLI has exited).
 */
export async function measureOverhead(
  ctx: PhaseContext,
  runs: number,
): Promise<Record<OverheadCase, number[]>> {
  const direct = claudeSandbox(ctx.root, 'overhead-direct', ctx.fake);
  const sqlite = claudeManager(
    claudeSandbox(ctx.root, 'overhead-sqlite', ctx.fake),
    'sqlite',
    ctx.root,
  );
  const memory = claudeManager(
    claudeSandbox(ctx.root, 'overhead-memory', ctx.fake),
    'memory',
    ctx.root,
  );
  const managers = { sqlite, memory } as const;
  const times: Record<OverheadCase, number[]> = {
    direct: [],
    directResult: [],
    sqlite: [],
    memory: [],
  };
  try {
    await directRun(direct, PROMPT, null);
    for (const manager of [sqlite, memory]) {
      const warmUp = await manager.startSession({ agentId: 'bench-warm-up' });
      await libraryRun(manager, warmUp.id, PROMPT);
    }
    const sessions = {
      sqlite: (await sqlite.startSession({ agentId: 'bench-overhead' })).id,
      memory: (await memory.startSession({ agentId: 'bench-overhead' })).id,
    };
    let resume: string | null = null;
    for (let i = 0; i < runs; i++) {
      for (const which of rotated(['direct', 'sqlite', 'memory'] as const, i)) {
        if (which === 'direct') {
          const run = await directRun(direct, PROMPT, resume);
          resume = run.claudeSessionId;
          times.direct.push(run.ms);
          times.directResult.push(run.resultMs);
        } else {
          times[which].push((await libraryRun(managers[which], sessions[which], PROMPT)).ms);
        }
      }
    }
  } finally {
    await closeAll([sqlite, memory]);
  }
  return times;
}

/** The cases of the warm phase. */
export type WarmCase = 'warm' | 'cold' | 'direct';

/**
 * Time to the first streamed token of a session's second run, `sessions` sessions per case,
 * interleaved: `ClaudeAdapter` with `keepAlive` (the second run reuses the first run's CLI), without
 * it (a new CLI resumes), and `query()` directly with `resume` (first `text_delta`). Both managers
 * are on SQLite files; a warm session is completed after its second run, which ends its CLI.
 */
export async function measureWarm(
  ctx: PhaseContext,
  sessions: number,
): Promise<Record<WarmCase, number[]>> {
  const direct = claudeSandbox(ctx.root, 'warm-direct', ctx.fake);
  const warm = claudeManager(claudeSandbox(ctx.root, 'warm-warm', ctx.fake), 'sqlite', ctx.root, {
    idleMs: 60_000,
  });
  const cold = claudeManager(claudeSandbox(ctx.root, 'warm-cold', ctx.fake), 'sqlite', ctx.root);
  const managers = { warm, cold } as const;
  const times: Record<WarmCase, number[]> = { warm: [], cold: [], direct: [] };
  try {
    for (let i = 0; i < sessions; i++) {
      for (const which of rotated<WarmCase>(['warm', 'cold', 'direct'], i)) {
        if (which === 'direct') {
          const first = await directRun(direct, PROMPT, null);
          times.direct.push((await directRun(direct, PROMPT, first.claudeSessionId)).firstTokenMs);
        } else {
          const manager = managers[which];
          const session = await manager.startSession({ agentId: 'bench-warm' });
          await libraryRun(manager, session.id, PROMPT);
          times[which].push((await libraryRun(manager, session.id, PROMPT)).firstTokenMs);
          await manager.completeSession(session.id);
        }
      }
    }
  } finally {
    await closeAll([warm, cold]);
  }
  return times;
}

/** Milliseconds from the `cancelRun` call, per cancelled run. */
export interface CancelTimes {
  /** Until the promise of `cancelRun` resolved. */
  readonly resolved: number[];
  /** Until `run_cancelled` was stored (delivered to `onEvent`, which sees events once stored). */
  readonly stored: number[];
  /** Until every process of the run's CLI was gone. */
  readonly processGone: number[];
}

async function cancelOne(
  ctx: PhaseContext,
  manager: SessionManager,
  sandbox: ClaudeSandbox,
  times: { resolved: number[]; stored: number[]; processGone: number[] },
): Promise<void> {
  // The CLI of the run before has exited (a one-shot CLI exits on its own after its result).
  await waitFor(() => sandboxPids(sandbox).length === 0, 10_000, 10);
  let answeredAt: number | null = null;
  ctx.fake.enqueue(() => {
    answeredAt = performance.now();
    return { hang: true };
  });
  const session = await manager.startSession({ agentId: 'bench-cancel' });
  const run = await manager.startRun(session.id, PROMPT);
  let storedAt = Number.NaN;
  const executing = manager.executeRun(run.id, {
    onEvent: (event: SessionEvent) => {
      if (event.type === 'run_cancelled') storedAt = performance.now();
    },
  });
  if (!(await waitFor(() => answeredAt !== null, 30_000))) {
    throw new Error('the CLI never asked the fake for its reply');
  }
  // Let message_start, which the fake wrote, reach the CLI.
  await sleep(100);
  const pids = sandboxPids(sandbox);
  if (pids.length === 0) throw new Error('no CLI process runs the hanging turn');
  const start = performance.now();
  await manager.cancelRun(run.id);
  times.resolved.push(performance.now() - start);
  if (!(await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000))) {
    throw new Error(
      `the CLI processes ${pids.join(', ')} were still running 10 s after the cancel`,
    );
  }
  times.processGone.push(performance.now() - start);
  const result = await executing;
  if (result.status !== 'cancelled') throw new Error(`a cancelled run ended ${result.status}`);
  if (Number.isNaN(storedAt)) {
    const events = await manager.getEvents(session.id);
    if (!events.some((e) => e.type === 'run_cancelled' && e.runId === run.id)) {
      throw new Error('no run_cancelled was stored for a cancelled run');
    }
    throw new Error('run_cancelled was stored but not delivered to onEvent');
  }
  times.stored.push(storedAt - start);
}

/**
 * `runs` runs on a reply that hangs after `message_start`, each in a new session of a manager on a
 * SQLite file: `cancelRun` 100 ms after the fake began its reply, then the time until the cancel
 * resolved, until `run_cancelled` was stored and until the CLI's processes were gone.
 */
export async function measureCancel(ctx: PhaseContext, runs: number): Promise<CancelTimes> {
  const sandbox = claudeSandbox(ctx.root, 'cancel', ctx.fake);
  const manager = claudeManager(sandbox, 'sqlite', ctx.root);
  const times = { resolved: [] as number[], stored: [] as number[], processGone: [] as number[] };
  try {
    const warmUp = await manager.startSession({ agentId: 'bench-warm-up' });
    await libraryRun(manager, warmUp.id, PROMPT);
    for (let i = 0; i < runs; i++) await cancelOne(ctx, manager, sandbox, times);
  } finally {
    await manager.close();
  }
  return times;
}
