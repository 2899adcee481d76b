import { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import { expectString } from '../core/validate.js';
import { toAgentSessionError } from './error-mapping.js';
import { cancelPendingRun, type ExecutorDeps } from './run-executor.js';
import { type ControlOperation, type OperationRecord, RunOperations } from './run-operations.js';
import type { RunScheduler } from './run-scheduler.js';

/** How many finished runs keep their operation history. */
const HISTORY_LIMIT = 1000;

/** Cancel, interrupt, pause and resume of runs, with their operation history. */
export class RunControl {
  readonly #deps: ExecutorDeps;
  readonly #scheduler: RunScheduler;
  readonly #ops = new RunOperations();
  readonly #remembered: string[] = [];

  constructor(deps: ExecutorDeps, scheduler: RunScheduler) {
    this.#deps = deps;
    this.#scheduler = scheduler;
  }

  /** The control operations of a run, oldest first. */
  history(runId: string): readonly OperationRecord[] {
    return this.#ops.history(runId);
  }

  /**
   * Cancel a run: a run queued or executing here is aborted and ends `cancelled` with
   * `run_cancelled`; a pending run that is not queued is cancelled directly (it has no events).
   */
  async cancel(runId: string, reason = 'cancelled'): Promise<Run> {
    const run = await this.#deps.store.getRun(expectString(runId, 'runId'));
    const why = this.#deps.redactor.string(expectString(reason, 'reason'));
    const check = this.#ops.check(run, 'cancel', this.#deps.adapter);
    const handle = this.#scheduler.handle(run.id);
    if (handle !== undefined) {
      const applied = handle.abort({ kind: 'cancel', reason: why });
      this.#record(
        run.id,
        'cancel',
        applied && check === 'apply' ? 'applied' : 'already_applied',
        why,
      );
      await handle.settled;
      return this.#deps.store.getRun(run.id);
    }
    if (run.status !== 'pending') {
      throw new AgentSessionError(
        'invalid_operation',
        `cannot cancel run ${run.id}: it is ${run.status} in another manager (owner ${run.owner ?? 'unknown'})`,
        { details: { runId: run.id, status: run.status, owner: run.owner } },
      );
    }
    const cancelled = await cancelPendingRun(this.#deps.store, run, why);
    this.#record(run.id, 'cancel', 'applied', why);
    return cancelled;
  }

  /** Cancel every run of a session queued or executing here, and its other pending runs. */
  async cancelSessionRuns(sessionId: string, reason: string): Promise<void> {
    const handles = this.#scheduler.handles(sessionId);
    for (const handle of handles) {
      if (handle.abort({ kind: 'cancel', reason }))
        this.#record(handle.runId, 'cancel', 'applied', reason);
    }
    await Promise.all(handles.map((h) => h.settled));
    const page = await this.#deps.store.listRuns(sessionId, { status: 'pending', limit: 1000 });
    for (const run of page.items) {
      if (this.#scheduler.handle(run.id) !== undefined) continue;
      await cancelPendingRun(this.#deps.store, run, reason).catch(() => undefined);
    }
  }

  /** Interrupt, pause or resume a run executing here through the adapter. */
  async apply(
    runId: string,
    operation: Exclude<ControlOperation, 'cancel'>,
  ): Promise<OperationRecord> {
    const run = await this.#deps.store.getRun(expectString(runId, 'runId'));
    const check = this.#ops.check(run, operation, this.#deps.adapter);
    if (run.status !== 'running' || this.#scheduler.handle(run.id) === undefined) {
      throw new AgentSessionError(
        'invalid_operation',
        `cannot ${operation} run ${run.id}: it is ${run.status} and not executing in this manager`,
        { details: { runId: run.id, status: run.status, operation } },
      );
    }
    if (check === 'already_applied') return this.#record(run.id, operation, 'already_applied');
    const method = this.#deps.adapter[operation];
    try {
      await method?.call(this.#deps.adapter, run.id);
    } catch (error) {
      throw this.#deps.redactor.error(toAgentSessionError(error, `adapter.${operation}`));
    }
    return this.#record(run.id, operation, 'applied');
  }

  #record(
    runId: string,
    operation: ControlOperation,
    outcome: 'applied' | 'already_applied',
    detail?: string,
  ): OperationRecord {
    if (this.#ops.history(runId).length === 0) {
      this.#remembered.push(runId);
      if (this.#remembered.length > HISTORY_LIMIT)
        this.#ops.forget(this.#remembered.shift() as string);
    }
    return this.#ops.record(runId, operation, outcome, detail);
  }
}
