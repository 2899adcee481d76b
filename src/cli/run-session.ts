import type { RunStatus } from '../core/run-status.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import { type ParsedArgs, stringFlag } from './args.js';
import { EXIT } from './cli-error.js';
import { colors, useColor } from './colors.js';
import type { CliIo, StopCause } from './io.js';
import { openManager } from './open-manager.js';
import { createAdapter, resolveProvider } from './provider.js';
import { cliOwnerId } from './run-owner.js';
import { RunRenderer } from './run-renderer.js';
import { lockSession, type SessionLock } from './session-lock.js';
import { asStoreError, isSqliteFile, ownerGoneOrUnknown, storeSpecOf } from './store-access.js';
import { openStore } from './store-url.js';
import { runSummary } from './summary.js';

/** What `asm run` / `asm resume` asked for. */
export interface PromptPlan {
  readonly prompt: string;
  /** Continue this session; a new one is started when absent. */
  readonly sessionId?: string | undefined;
  readonly system?: string | undefined;
  readonly agentId?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** Resume the session first when it is paused (`asm resume`). */
  readonly resumePaused?: boolean;
}

const EXIT_BY_STATUS: Readonly<Partial<Record<RunStatus, number>>> = {
  completed: EXIT.ok,
  cancelled: EXIT.cancelled,
};

const CANCEL_REASONS: Readonly<Record<StopCause, string>> = {
  SIGINT: 'interrupted (SIGINT)',
  SIGTERM: 'cancelled (SIGTERM)',
  EPIPE: 'output closed (EPIPE)',
};

/**
 * Which stored events belong to this process's run: the run's own, and for a session this process
 * started, the session's first events before the run. Other writers' runs of the session are not.
 */
function ownEvents(runId: string, newSession: boolean): (event: SessionEvent) => boolean {
  let runStarted = false;
  return (event) => {
    if (event.runId === runId) {
      runStarted = true;
      return true;
    }
    return newSession && !runStarted && (event.runId ?? null) === null;
  };
}

/**
 * Run one prompt in a new or existing session and show it: the heart of `asm run` and `asm resume`.
 * Only this process's run is shown. Runs of one session are serialised across asm processes by a
 * lock file beside the SQLite file; a session busy in another process is refused (exit 75).
 * The first SIGINT/SIGTERM cancels the run (stored `run_cancelled`, exit 130); a second one exits at
 * once with 130. When the reader of stdout goes away the run is cancelled too, quietly (exit 141).
 * Returns the exit code: 0 completed, 1 failed or timed out, 130 cancelled.
 *
 * @example
 * ```ts
 * const code = await executePrompt(io, args, { prompt: 'Hello', agentId: 'cli' });
 * ```
 */
export async function executePrompt(
  io: CliIo,
  args: ParsedArgs,
  plan: PromptPlan,
): Promise<number> {
  const json = args.values.json === true;
  const storeSpec = storeSpecOf(args, io);
  const provider = resolveProvider(stringFlag(args, 'provider'), io.env);
  const adapter = await createAdapter({ provider, model: stringFlag(args, 'model'), env: io.env });

  let cancelReason: string | null = null;
  let cancel: (() => void) | null = null;
  let renderer: RunRenderer | null = null;
  const disposeSignals = io.onSignal((signal) => {
    if (cancelReason !== null) {
      if (signal === 'EPIPE') return;
      renderer?.finish();
      io.exit(EXIT.cancelled);
      return;
    }
    cancelReason = CANCEL_REASONS[signal];
    renderer?.interrupted();
    if (!json && signal !== 'EPIPE') {
      io.stderr.write('\ncancelling… (press Ctrl-C again to quit at once)\n');
    }
    cancel?.();
  });
  let lock: SessionLock | null = null;
  try {
    const cli = openManager(await openStore(storeSpec), adapter);
    const { manager } = cli;
    try {
      // Runs left `running` by asm processes that are gone (killed, crashed) end here.
      await manager
        .recover({ isOwnerAlive: ownerGoneOrUnknown, staleAfterMs: Number.MAX_SAFE_INTEGER })
        .catch(() => undefined);
      let session: Session;
      let after = 0;
      const takeLock = (sessionId: string) => {
        if (isSqliteFile(storeSpec)) lock = lockSession(storeSpec.path, sessionId, cliOwnerId());
      };
      if (plan.sessionId !== undefined) {
        session = await manager.getSession(plan.sessionId);
        takeLock(session.id);
        if (plan.resumePaused && session.status === 'paused') {
          session = await manager.resumeSession(session.id);
        }
        after = await cli.store.latestSeq(session.id);
      } else {
        session = await manager.startSession({
          agentId: plan.agentId ?? 'cli',
          context: plan.system === undefined ? {} : { systemPrompt: plan.system },
        });
        takeLock(session.id);
      }
      const run = await manager.startRun(
        session.id,
        plan.prompt,
        plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs },
      );
      cancel = () => {
        manager.cancelRun(run.id, cancelReason ?? 'cancelled').catch(() => undefined);
      };
      const show = new RunRenderer(io, { json, runId: run.id });
      renderer = show;
      const isOwn = ownEvents(run.id, plan.sessionId === undefined);
      const subscription = manager.subscribe(session.id, { after, untilTerminalOf: run.id });
      const started = performance.now();
      show.startSpinner();
      const outcome = manager.executeRun(run.id);
      outcome.catch(() => subscription.close());
      if (cancelReason !== null) cancel();
      // The manager's timers do not hold the process open; a run in progress must.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        for await (const event of subscription) if (isOwn(event)) show.event(event);
      } finally {
        clearInterval(keepAlive);
        subscription.close();
        show.finish();
      }
      const result = await outcome;
      if (!json && io.outputClosed?.() !== true) {
        io.stderr.write(
          runSummary(result, performance.now() - started, colors(useColor(io.stderr, io.env))),
        );
      }
      return EXIT_BY_STATUS[result.status] ?? EXIT.failed;
    } finally {
      (lock as SessionLock | null)?.release();
      await cli.close();
    }
  } catch (error) {
    throw asStoreError(storeSpec, error);
  } finally {
    disposeSignals();
  }
}
