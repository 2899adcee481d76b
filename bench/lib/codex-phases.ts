import { performance } from 'node:perf_hooks';
import type { SessionEvent, SessionManager } from '../../src/index.js';
import type { FakeResponses } from '../../src/testing/fake-responses/index.js';
import { codexManager, directCodexRun } from './codex-runs.js';
import { type CodexSandbox, codexSandbox, codexSandboxPids } from './codex-sandbox.js';
import { rotated } from './interleave.js';
import { libraryRun } from './library-run.js';
import { sleep, waitFor } from './polling.js';

/** What every phase needs: the one fake server and a directory for sandboxes and databases. */
export interface CodexPhaseContext {
  readonly fake: FakeResponses;
  readonly root: string;
}

const PROMPT = 'Answer in one short sentence.';

/** The cases of the overhead phase (`directCompleted`: the direct runs, until `turn.completed`). */
export type CodexOverheadCase = 'direct' | 'directCompleted' | 'sqlite' | 'memory';

/**
 * `runs` one-reply runs of one session per case, interleaved (run i of every case, then run i + 1):
 * the SDK directly (`startThread`, then `resumeThread` of that thread from the second run on), and
 * through `SessionManager` + `CodexAdapter` on a SQLite file and in memory (which resume the
 * session's thread from its second run on too). Each case first makes one untimed run in a
 * thread or session of its own. Returns each case's run times in ms, and for the direct runs also
 * the time until their `turn.completed`.
 */
export async function measureCodexOverhead(
  ctx: CodexPhaseContext,
  runs: number,
): Promise<Record<CodexOverheadCase, number[]>> {
  const direct = codexSandbox(ctx.root, 'overhead-direct', ctx.fake);
  const sqlite = codexManager(
    codexSandbox(ctx.root, 'overhead-sqlite', ctx.fake),
    'sqlite',
    ctx.root,
  );
  const memory = codexManager(
    codexSandbox(ctx.root, 'overhead-memory', ctx.fake),
    'memory',
    ctx.root,
  );
  const managers = { sqlite, memory } as const;
  const times: Record<CodexOverheadCase, number[]> = {
    direct: [],
    directCompleted: [],
    sqlite: [],
    memory: [],
  };
  try {
    await directCodexRun(direct, PROMPT, null);
    for (const manager of [sqlite, memory]) {
      const warmUp = await manager.startSession({ agentId: 'bench-warm-up' });
      await libraryRun(manager, warmUp.id, PROMPT);
    }
    const sessions = {
      sqlite: (await sqlite.startSession({ agentId: 'bench-overhead' })).id,
      memory: (await memory.startSession({ agentId: 'bench-overhead' })).id,
    };
    let thread: string | null = null;
    for (let i = 0; i < runs; i++) {
      for (const which of rotated(['direct', 'sqlite', 'memory'] as const, i)) {
        if (which === 'direct') {
          const run = await directCodexRun(direct, PROMPT, thread);
          thread = run.threadId;
          times.direct.push(run.ms);
          times.directCompleted.push(run.completedMs);
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
export interface CodexCancelTimes {
  /** Until the promise of `cancelRun` resolved. */
  readonly resolved: number[];
  /** Until `run_cancelled` was stored (delivered to `onEvent`, which sees events once stored). */
  readonly stored: number[];
  /** Until no process carrying the sandbox's `CODEX_HOME` was left. */
  readonly processGone: number[];
}

async function cancelOne(
  ctx: CodexPhaseContext,
  manager: SessionManager,
  sandbox: CodexSandbox,
  times: CodexCancelTimes,
): Promise<void> {
  if (!(await waitFor(() => codexSandboxPids(sandbox).length === 0, 10_000, 10))) {
    throw new Error('the CLI of the run before was still running 10 s after it ended');
  }
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
  // Let the headers and response.created, which the fake wrote, reach the CLI.
  await sleep(100);
  if (codexSandboxPids(sandbox).length === 0)
    throw new Error('no CLI process runs the hanging turn');
  const start = performance.now();
  await manager.cancelRun(run.id);
  times.resolved.push(performance.now() - start);
  if (!(await waitFor(() => codexSandboxPids(sandbox).length === 0, 10_000, 5))) {
    const left = codexSandboxPids(sandbox).join(', ');
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
 * `runs` runs on a reply that hangs after `response.created`, each in a new session of a manager
 * on a SQLite file: `cancelRun` 100 ms after the fake began its reply, then the time until the
 * cancel resolved, until `run_cancelled` was stored and until no process of the sandbox was left.
 */
export async function measureCodexCancel(
  ctx: CodexPhaseContext,
  runs: number,
): Promise<CodexCancelTimes> {
  const sandbox = codexSandbox(ctx.root, 'cancel', ctx.fake);
  const manager = codexManager(sandbox, 'sqlite', ctx.root);
  const times: CodexCancelTimes = { resolved: [], stored: [], processGone: [] };
  try {
    const warmUp = await manager.startSession({ agentId: 'bench-warm-up' });
    await libraryRun(manager, warmUp.id, PROMPT);
    for (let i = 0; i < runs; i++) await cancelOne(ctx, manager, sandbox, times);
  } finally {
    await manager.close();
  }
  return times;
}
