import { performance } from 'node:perf_hooks';
import type { SessionEvent, SessionManager } from '../../src/index.js';
import { rotated } from './interleave.js';
import { libraryRun, type StoreKind } from './library-run.js';
import { sleep, waitFor } from './polling.js';

/** One direct turn of a provider's CLI through its SDK, timed from its start. */
export interface DirectTurn {
  /** Until the SDK's iterator ended (the CLI has exited). */
  readonly ms: number;
  /** Until the provider said the turn was done (Claude's `result`, Codex's `turn.completed`). */
  readonly doneMs: number;
  /** What the next direct turn resumes (the Claude session, the Codex thread). */
  readonly resume: string;
}

/** How the generic phases drive one provider against its fake server. */
export interface BenchProvider<Sandbox> {
  /** A sandbox under `root/name` whose CLI talks only to the fake. */
  readonly sandbox: (root: string, name: string) => Sandbox;
  /** A `SessionManager` on the provider's adapter in `sandbox`, on a SQLite file or in memory. */
  readonly manager: (sandbox: Sandbox, store: StoreKind, root: string) => SessionManager;
  /** One turn through the SDK directly, resuming `resume` when it is not null. */
  readonly direct: (sandbox: Sandbox, prompt: string, resume: string | null) => Promise<DirectTurn>;
  /** The live processes of the sandbox's CLI and whatever it started. */
  readonly pids: (sandbox: Sandbox) => number[];
  /** Make the fake's next reply hang after its start, calling `answered` once it began. */
  readonly hangNext: (answered: () => void) => void;
}

/** The prompt of every benchmark run. */
export const PROMPT = 'Answer in one short sentence.';

/** The cases of the overhead phase (`directDone`: the direct runs, until the turn was done). */
export type OverheadCase = 'direct' | 'directDone' | 'sqlite' | 'memory';

/**
 * `runs` one-reply runs of one session per case, interleaved (run i of every case, then run i + 1):
 * the SDK directly, resuming the previous direct turn from the second run on, and through
 * `SessionManager` + the provider's adapter on a SQLite file and in memory (which resume the
 * session from its second run on too). Each case first makes one untimed run of its own. Returns
 * each case's run times in ms, and for the direct runs also the time until the turn was done.
 */
export async function measureOverhead<Sandbox>(
  provider: BenchProvider<Sandbox>,
  root: string,
  runs: number,
): Promise<Record<OverheadCase, number[]>> {
  const direct = provider.sandbox(root, 'overhead-direct');
  const sqlite = provider.manager(provider.sandbox(root, 'overhead-sqlite'), 'sqlite', root);
  const memory = provider.manager(provider.sandbox(root, 'overhead-memory'), 'memory', root);
  const managers = { sqlite, memory } as const;
  const times: Record<OverheadCase, number[]> = {
    direct: [],
    directDone: [],
    sqlite: [],
    memory: [],
  };
  try {
    await provider.direct(direct, PROMPT, null);
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
          const run = await provider.direct(direct, PROMPT, resume);
          resume = run.resume;
          times.direct.push(run.ms);
          times.directDone.push(run.doneMs);
        } else {
          times[which].push((await libraryRun(managers[which], sessions[which], PROMPT)).ms);
        }
      }
    }
  } finally {
    await sqlite.close();
    await memory.close();
  }
  return times;
}

/** Milliseconds from the `cancelRun` call, per cancelled run. */
export interface CancelTimes {
  /** Until the promise of `cancelRun` resolved. */
  readonly resolved: number[];
  /** Until `run_cancelled` was stored (delivered to `onEvent`, which sees events once stored). */
  readonly stored: number[];
  /** Until no process of the sandbox's CLI was left. */
  readonly processGone: number[];
}

async function cancelOne<Sandbox>(
  provider: BenchProvider<Sandbox>,
  manager: SessionManager,
  sandbox: Sandbox,
  times: CancelTimes,
): Promise<void> {
  if (!(await waitFor(() => provider.pids(sandbox).length === 0, 10_000, 10))) {
    throw new Error('the CLI of the run before was still running 10 s after it ended');
  }
  let answeredAt: number | null = null;
  provider.hangNext(() => {
    answeredAt = performance.now();
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
  // Let the start of the reply, which the fake wrote, reach the CLI.
  await sleep(100);
  if (provider.pids(sandbox).length === 0) throw new Error('no CLI process runs the hanging turn');
  const start = performance.now();
  await manager.cancelRun(run.id);
  times.resolved.push(performance.now() - start);
  if (!(await waitFor(() => provider.pids(sandbox).length === 0, 10_000))) {
    const left = provider.pids(sandbox).join(', ');
    throw new Error(`the CLI processes ${left} were still running 10 s after the cancel`);
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
 * `runs` runs on a reply that hangs after its start, each in a new session of a manager on a
 * SQLite file: `cancelRun` 100 ms after the fake began its reply, then the time until the cancel
 * resolved, until `run_cancelled` was stored and until no process of the sandbox was left.
 */
export async function measureCancel<Sandbox>(
  provider: BenchProvider<Sandbox>,
  root: string,
  runs: number,
): Promise<CancelTimes> {
  const sandbox = provider.sandbox(root, 'cancel');
  const manager = provider.manager(sandbox, 'sqlite', root);
  const times: CancelTimes = { resolved: [], stored: [], processGone: [] };
  try {
    const warmUp = await manager.startSession({ agentId: 'bench-warm-up' });
    await libraryRun(manager, warmUp.id, PROMPT);
    for (let i = 0; i < runs; i++) await cancelOne(provider, manager, sandbox, times);
  } finally {
    await manager.close();
  }
  return times;
}
