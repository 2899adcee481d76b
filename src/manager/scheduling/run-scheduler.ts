import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import { expectInteger, expectObject, invalid } from '../../core/validate.js';
import { expectTimerMs, isTimerMs } from '../manager-options.js';
import { abortError, reasonText } from '../run/error-mapping.js';
import { type ExecutionEnd, type ExecutorDeps, executeAdmittedRun } from '../run/execute-run.js';
import { cancelPendingRun, storedRunError } from '../run/pending-run.js';
import { RunHandle } from '../run/run-handle.js';
import { buildRunResult, type RunResult } from '../run/run-result.js';
import { alreadyTaken } from '../run/run-start.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { SessionQueue } from './session-queue.js';

/** Options of `SessionManager.executeRun`. */
export interface ExecuteRunOptions {
  /** Aborting it cancels the run (`run_cancelled`), also while it waits for its turn or a slot. */
  signal?: AbortSignal;
  /** Called with each of the run's events once stored, in order. */
  onEvent?: (event: SessionEvent) => void;
  /** Time limit of the execution in ms (default: the run's `timeoutMs` from `startRun`, else none). */
  timeoutMs?: number;
  /**
   * How many of the run's latest events `RunResult.events` keeps (default 10,000; 0 keeps none).
   * `onEvent`, `streamRun` and the store see every event whatever this is.
   */
  maxResultEvents?: number;
}

/** Throw `validation_error` naming the first unusable option of `executeRun`. */
export function checkExecuteRunOptions(options: ExecuteRunOptions): void {
  const o = expectObject(options, 'options');
  if (o.timeoutMs !== undefined) expectTimerMs(o.timeoutMs, 'options.timeoutMs');
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') {
    invalid('options.onEvent', 'must be a function');
  }
  if (o.maxResultEvents !== undefined) {
    expectInteger(o.maxResultEvents, 'options.maxResultEvents', 0);
  }
}

/**
 * Where runs wait and execute: the per-session FIFO, the global slots, and the handles of the runs
 * queued or executing in this manager (for cancel, shutdown and recovery). A run keeps its slot,
 * and the next run of its session waits, until its adapter's `execute` has returned (at most the
 * abort grace time after an abort), even when its terminal event is already stored.
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

  /**
   * Queue a pending run behind its session's earlier runs, then execute it in a run slot.
   * Resolves with the result once the run's terminal state is stored.
   */
  async execute(runId: string, options: ExecuteRunOptions = {}): Promise<RunResult> {
    const run = await this.#deps.store.getRun(runId);
    if (run.status !== 'pending') throw alreadyTaken(run);
    if (this.#handles.has(runId)) {
      throw new AgentSessionError(
        'invalid_operation',
        `cannot execute run ${runId}: it is already queued or executing in this manager`,
        { details: { runId } },
      );
    }
    if (!this.#wait) this.#limiter.acquireSession(run.sessionId);
    const handle = new RunHandle(runId, run.sessionId);
    this.#handles.set(runId, handle);
    const signal = options.signal;
    const onCallerAbort = () =>
      handle.abort({
        kind: 'cancel',
        reason: this.#deps.redactor.string(reasonText(signal?.reason)),
      });
    if (signal?.aborted) onCallerAbort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });
    let delivered = false;
    let deliver!: (result: RunResult) => void;
    let fail!: (error: unknown) => void;
    const result = new Promise<RunResult>((resolve, reject) => {
      deliver = (value) => {
        delivered = true;
        resolve(value);
      };
      fail = reject;
    });
    const queued = this.#queue.run(
      run.sessionId,
      () => this.#inSlot(handle, run, options, deliver),
      handle.signal,
    );
    void queued
      .then(
        // Delivered by #inSlot (the usual case: nothing to do, nothing built).
        () => {
          if (!delivered) {
            fail(new AgentSessionError('internal_error', `run ${runId} ended without a result`));
          }
        },
        async (error: unknown) => {
          // Aborted while waiting for its turn or a slot: the run never started, so it is cancelled.
          if (
            handle.aborted !== null &&
            AgentSessionError.isInstance(error) &&
            error.code === 'cancelled'
          ) {
            await this.#cancelBeforeStart(handle, run).then(deliver, fail);
          } else fail(error);
        },
      )
      .finally(() => {
        signal?.removeEventListener('abort', onCallerAbort);
        this.#handles.delete(runId);
      });
    handle.settled = result.catch(() => undefined);
    return result;
  }

  async #inSlot(
    handle: RunHandle,
    queuedRun: Run,
    options: ExecuteRunOptions,
    deliver: (result: RunResult) => void,
  ): Promise<void> {
    const { runId, sessionId } = handle;
    if (this.#wait) {
      await this.#limiter.waitForSession(sessionId, handle.signal);
      await this.#limiter.waitForRun(runId, sessionId, handle.signal);
    } else {
      this.#limiter.acquireRun(runId, sessionId);
    }
    const end: ExecutionEnd = { stopped: Promise.resolve() };
    try {
      if (this.#deps.unfinished.size > 0) await this.#deps.unfinished.finish();
      if (handle.aborted !== null) return deliver(await this.#cancelBeforeStart(handle, queuedRun));
      const session = await this.#deps.store.getSession(sessionId);
      if (Session.isTerminal(session)) {
        handle.abort({ kind: 'cancel', reason: `session ${session.status}` });
        return deliver(await this.#cancelBeforeStart(handle, queuedRun));
      }
      if (session.status === 'paused') {
        throw new AgentSessionError(
          'invalid_operation',
          `cannot execute run ${runId}: session ${sessionId} is paused; resume it first`,
          { details: { runId, sessionId, status: session.status } },
        );
      }
      const metaTimeout = queuedRun.metadata.timeoutMs;
      const timeoutMs = options.timeoutMs ?? (isTimerMs(metaTimeout) ? metaTimeout : undefined);
      const exec = {
        onEvent: options.onEvent,
        timeoutMs,
        maxResultEvents: options.maxResultEvents,
      };
      let result: RunResult;
      try {
        result = await executeAdmittedRun(this.#deps, queuedRun, session, handle, exec, end);
      } catch (error) {
        // Cancelled (or started elsewhere) while it waited here: the stored run says which.
        const cancelled = await this.#startedOrCancelledElsewhere(error, runId);
        if (cancelled === null) throw error;
        result = cancelled;
      }
      deliver(result);
      // The slot and the session's next run wait for the adapter to stop (bounded).
      await end.stopped;
    } finally {
      this.#limiter.releaseRun(runId);
    }
  }

  /** A run whose start lost against a cancel: its cancelled result (null for anything else). */
  async #startedOrCancelledElsewhere(error: unknown, runId: string): Promise<RunResult | null> {
    if (!AgentSessionError.isInstance(error) || error.code !== 'invalid_operation') return null;
    if ((error.details as { runId?: unknown } | undefined)?.runId !== runId) return null;
    const stored = await this.#deps.store.getRun(runId);
    if (stored.status !== 'cancelled' || stored.startedAt !== null) return null;
    return buildRunResult(stored, [], storedRunError(stored));
  }

  async #cancelBeforeStart(handle: RunHandle, run: Run): Promise<RunResult> {
    const abort = handle.aborted ?? { kind: 'cancel' as const, reason: 'cancelled' };
    const reason = abort.kind === 'cancel' ? abort.reason : 'timeout';
    const final = await cancelPendingRun(this.#deps.store, run, reason);
    if (final.status === 'running') throw alreadyTaken(final);
    const error = final.status === 'cancelled' && Run.isTerminal(final) ? abortError(abort) : null;
    return buildRunResult(final, [], error ?? storedRunError(final));
  }
}
