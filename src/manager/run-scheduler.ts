import { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { abortError, reasonText } from './error-mapping.js';
import { cancelPendingRun, type ExecutorDeps, executeRunNow } from './run-executor.js';
import { RunHandle } from './run-handle.js';
import { buildRunResult, type RunResult } from './run-result.js';
import { SessionQueue } from './session-queue.js';

/** Options of `SessionManager.executeRun`. */
export interface ExecuteRunOptions {
  /** Aborting it cancels the run (`run_cancelled`), also while it waits for its turn or a slot. */
  signal?: AbortSignal;
  /** Called with each of the run's events once stored, in order. */
  onEvent?: (event: SessionEvent) => void;
  /** Time limit of the execution in ms (default: the run's `timeoutMs` from `startRun`, else none). */
  timeoutMs?: number;
}

function notPending(run: Run): AgentSessionError {
  return new AgentSessionError(
    'invalid_operation',
    `cannot execute run ${run.id}: it is ${run.status}; only a pending run can be executed`,
    { details: { runId: run.id, status: run.status } },
  );
}

/**
 * Where runs wait and execute: the per-session FIFO, the global slots, and the handles of the runs
 * queued or executing in this manager (for cancel, shutdown and recovery).
 */
export class RunScheduler {
  readonly #deps: ExecutorDeps;
  readonly #limiter: ConcurrencyLimiter;
  readonly #wait: boolean;
  readonly #queue: SessionQueue;
  readonly #handles = new Map<string, RunHandle>();

  constructor(deps: ExecutorDeps, limiter: ConcurrencyLimiter, onLimit: 'reject' | 'wait') {
    this.#deps = deps;
    this.#limiter = limiter;
    this.#wait = onLimit === 'wait';
    this.#queue = new SessionQueue((sessionId) => limiter.releaseSession(sessionId));
  }

  /** The handle of a run queued or executing here. */
  handle(runId: string): RunHandle | undefined {
    return this.#handles.get(runId);
  }

  /** Handles of every run queued or executing here (optionally of one session). */
  handles(sessionId?: string): RunHandle[] {
    const all = [...this.#handles.values()];
    return sessionId === undefined ? all : all.filter((h) => h.sessionId === sessionId);
  }

  /** Queue a pending run behind its session's earlier runs, then execute it in a run slot. */
  async execute(runId: string, options: ExecuteRunOptions = {}): Promise<RunResult> {
    const run = await this.#deps.store.getRun(runId);
    if (run.status !== 'pending') throw notPending(run);
    if (this.#handles.has(runId)) {
      throw new AgentSessionError(
        'invalid_operation',
        `cannot execute run ${runId}: it is already queued or executing`,
        { details: { runId } },
      );
    }
    if (!this.#wait) this.#limiter.acquireSession(run.sessionId);
    const handle = new RunHandle(runId, run.sessionId);
    this.#handles.set(runId, handle);
    const signal = options.signal;
    const onCallerAbort = () =>
      handle.abort({ kind: 'cancel', reason: reasonText(signal?.reason) });
    if (signal?.aborted) onCallerAbort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });
    const promise = this.#queue.run(
      run.sessionId,
      () => this.#inSlot(handle, options),
      handle.signal,
    );
    handle.settled = promise.catch(() => undefined);
    try {
      return await promise;
    } catch (error) {
      // Aborted while waiting for its turn or a slot: the run never started, so it is cancelled.
      if (
        handle.aborted !== null &&
        AgentSessionError.isInstance(error) &&
        error.code === 'cancelled'
      ) {
        return this.#cancelBeforeStart(handle);
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', onCallerAbort);
      this.#handles.delete(runId);
    }
  }

  async #inSlot(handle: RunHandle, options: ExecuteRunOptions): Promise<RunResult> {
    const { runId, sessionId } = handle;
    if (this.#wait) {
      await this.#limiter.waitForSession(sessionId, handle.signal);
      await this.#limiter.waitForRun(runId, sessionId, handle.signal);
    } else {
      this.#limiter.acquireRun(runId, sessionId);
    }
    try {
      if (handle.aborted !== null) return await this.#cancelBeforeStart(handle);
      const run = await this.#deps.store.getRun(runId);
      if (run.status !== 'pending') throw notPending(run);
      const session = await this.#deps.store.getSession(sessionId);
      if (Session.isTerminal(session)) {
        handle.abort({ kind: 'cancel', reason: `session ${session.status}` });
        return await this.#cancelBeforeStart(handle);
      }
      if (session.status === 'paused') {
        throw new AgentSessionError(
          'invalid_operation',
          `cannot execute run ${runId}: session ${sessionId} is paused; resume it first`,
          { details: { runId, sessionId, status: session.status } },
        );
      }
      const metaTimeout = run.metadata.timeoutMs;
      const timeoutMs =
        options.timeoutMs ?? (typeof metaTimeout === 'number' ? metaTimeout : undefined);
      return await executeRunNow(this.#deps, run, handle, { onEvent: options.onEvent, timeoutMs });
    } finally {
      this.#limiter.releaseRun(runId);
    }
  }

  async #cancelBeforeStart(handle: RunHandle): Promise<RunResult> {
    const abort = handle.aborted ?? { kind: 'cancel' as const, reason: 'cancelled' };
    const reason = abort.kind === 'cancel' ? abort.reason : 'timeout';
    const run = await this.#deps.store.getRun(handle.runId);
    const final =
      run.status === 'pending' ? await cancelPendingRun(this.#deps.store, run, reason) : run;
    return buildRunResult(final, [], abortError(abort));
  }
}
