import { AgentSessionError } from '../../core/agent-session-error.js';
import { nowIso } from '../../core/clock.js';
import { Run } from '../../core/run.js';
import type { RunControlOperation } from '../../ports/adapter-run-control.js';

/** A control operation on a run. */
export type ControlOperation = 'cancel' | 'interrupt' | 'pause' | 'resume';

/** One control operation applied (or found already applied) to a run. */
export interface OperationRecord {
  readonly operation: ControlOperation;
  /** When it was recorded (ISO-8601). */
  readonly at: string;
  readonly outcome: 'applied' | 'already_applied';
  readonly detail: string | null;
}

const ADAPTER_OPERATIONS: readonly RunControlOperation[] = ['interrupt', 'pause', 'resume'];

/**
 * Who carries out an operation on a run: the adapter (by name, for messages) and, for `interrupt`,
 * `pause` and `resume`, what the executing run registered on its `request.control`.
 */
export interface ControlTarget {
  readonly name: string;
  readonly handler?: (operation: RunControlOperation) => unknown;
}

/**
 * Bookkeeping of control operations per run: whether an operation may be applied, whether it is a
 * repeat (idempotent), and the history of what was done. It never calls the adapter itself.
 *
 * @example
 * ```ts
 * const ops = new RunOperations();
 * const pause = async () => {};
 * if (ops.check(run, 'pause', { name: 'mock', handler: () => pause }) === 'apply') {
 *   await pause();
 *   ops.record(run.id, 'pause', 'applied');
 * } else {
 *   ops.record(run.id, 'pause', 'already_applied');
 * }
 * ops.isPaused(run.id); // true
 * ```
 */
export class RunOperations {
  readonly #history = new Map<string, OperationRecord[]>();
  readonly #paused = new Set<string>();
  readonly #cancelled = new Set<string>();

  /**
   * Whether `operation` should be applied to `run` or was already: throws `invalid_operation` when
   * the run is terminal and `capability_not_supported` when the run registered no handler for
   * `interrupt`, `pause` or `resume`. Repeats (cancel twice, pause while paused, resume while not
   * paused) return `'already_applied'`.
   */
  check(run: Run, operation: ControlOperation, target: ControlTarget): 'apply' | 'already_applied' {
    if (Run.isTerminal(run)) {
      throw new AgentSessionError(
        'invalid_operation',
        `cannot ${operation} run ${run.id}: it is ${run.status}`,
        { details: { runId: run.id, status: run.status, operation } },
      );
    }
    if (isAdapterOperation(operation) && typeof target.handler?.(operation) !== 'function') {
      throw new AgentSessionError(
        'capability_not_supported',
        `cannot ${operation} run ${run.id}: adapter ${target.name} registered no ${operation} for it`,
        { details: { runId: run.id, operation, adapter: target.name } },
      );
    }
    switch (operation) {
      case 'cancel':
        return this.#cancelled.has(run.id) ? 'already_applied' : 'apply';
      case 'pause':
        return this.#paused.has(run.id) ? 'already_applied' : 'apply';
      case 'resume':
        return this.#paused.has(run.id) ? 'apply' : 'already_applied';
      default:
        return 'apply';
    }
  }

  /** Add an entry to the run's history; an applied pause/resume/cancel updates its state. */
  record(
    runId: string,
    operation: ControlOperation,
    outcome: 'applied' | 'already_applied',
    detail?: string,
  ): OperationRecord {
    const entry: OperationRecord = Object.freeze({
      operation,
      at: nowIso(),
      outcome,
      detail: detail ?? null,
    });
    let list = this.#history.get(runId);
    if (!list) {
      list = [];
      this.#history.set(runId, list);
    }
    list.push(entry);
    if (outcome === 'applied') {
      if (operation === 'pause') this.#paused.add(runId);
      else if (operation === 'resume') this.#paused.delete(runId);
      else if (operation === 'cancel') {
        this.#cancelled.add(runId);
        this.#paused.delete(runId);
      }
    }
    return entry;
  }

  /** The run's operations, oldest first (empty when none or forgotten). */
  history(runId: string): readonly OperationRecord[] {
    return [...(this.#history.get(runId) ?? [])];
  }

  /** Whether the last applied pause of the run has not been resumed (or cancelled). */
  isPaused(runId: string): boolean {
    return this.#paused.has(runId);
  }

  /** Drop everything kept about the run. */
  forget(runId: string): void {
    this.#history.delete(runId);
    this.#paused.delete(runId);
    this.#cancelled.delete(runId);
  }
}

function isAdapterOperation(operation: ControlOperation): operation is RunControlOperation {
  return (ADAPTER_OPERATIONS as readonly string[]).includes(operation);
}
