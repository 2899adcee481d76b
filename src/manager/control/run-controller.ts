import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { expectString } from '../../core/validate.js';
import { toAgentSessionError } from '../run/error-mapping.js';
import type { ExecutorDeps } from '../run/execute-run.js';
import { cancelPendingRun } from '../run/pending-run.js';
import type { RunResult } from '../run/run-result.js';
import type { RunScheduler } from '../scheduling/run-scheduler.js';
import { type ControlOperation, type OperationRecord, RunOperations } from './run-operations.js';

/** How many finished runs keep their operation history. */
const HISTORY_LIMIT = 1000;

/** Cancel, interrupt, pause and resume of runs, with their operation history. */
export class RunController {
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
   * Idempotent: cancelling a cancelled run (also twice at once) resolves with the stored run.
   * Resolves once the cancel is stored, with the stored run.
   */
  async cancel(runId: string, reason = 'cancelled'): Promise<Run> {
    const id = expectString(runId, 'runId');
    const why = this.#deps.redactor.string(expectString(reason, 'reason'));
    let run = await this.#deps.store.getRun(id);
    for (;;) {
      if (run.status === 'cancelled') {
        this.#record(run.id, 'cancel', 'already_applied', why);
        return run;
      }
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
        const result = (await handle.settled) as RunResult | undefined;
        return result?.run ?? this.#deps.store.getRun(run.id);
      }
      if (run.status !== 'pending') {
        throw new AgentSessionError(
          'invalid_operation',
          `cannot cancel run ${run.id}: it is ${run.status} in another manager (owner ${run.owner ?? 'unknown'})`,
          { details: { runId: run.id, status: run.status, owner: run.owner } },
        );
      }
      try {
        const cancelled = await this.#deps.store.saveRun(Run.cancel(run, why));
        this.#record(run.id, 'cancel', 'applied', why);
        return cancelled;
      } catch (error) {
        if (!AgentSessionError.isInstance(error) || error.code !== 'version_conflict') throw error;
        // Changed meanwhile (cancelled, started or queued here): look again.
        run = await this.#deps.store.getRun(run.id);
      }
    }
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

  /**
   * Interrupt, pause or resume a run executing here, through what its adapter registered on
   * `request.control` for this run (`capability_not_supported` when it registered none).
   */
  async apply(
    runId: string,
    operation: Exclude<ControlOperation, 'cancel'>,
  ): Promise<OperationRecord> {
    const run = await this.#deps.store.getRun(expectString(runId, 'runId'));
    const handle = this.#scheduler.handle(run.id);
    // Only while the adapter's `execute` runs: before it and after it, nothing is registered.
    if (run.status === 'pending' || (run.status === 'running' && handle?.executing !== true)) {
      throw new AgentSessionError(
        'invalid_operation',
        `cannot ${operation} run ${run.id}: it is ${run.status} and not executing in this manager`,
        { details: { runId: run.id, status: run.status, operation } },
      );
    }
    const check = this.#ops.check(run, operation, {
      name: this.#deps.adapter.name,
      handler: (op) => handle?.handler(op),
    });
    if (check === 'already_applied') return this.#record(run.id, operation, 'already_applied');
    const handler = handle?.handler(operation);
    try {
      await handler?.();
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
