import type {
  AdapterRunControl,
  RunControlHandlers,
  RunControlOperation,
} from '../../ports/adapter-run-control.js';
import { abortError, type RunAbort } from './error-mapping.js';

const OPERATIONS: readonly RunControlOperation[] = ['interrupt', 'pause', 'resume'];

/**
 * One run queued or executing in this manager: how to abort it and why it was aborted (the first
 * abort wins; later ones are ignored), and what its adapter registered it can do while `execute`
 * runs.
 */
export class RunHandle {
  readonly runId: string;
  readonly sessionId: string;
  readonly #controller = new AbortController();
  #abort: RunAbort | null = null;
  /** Null before `execute` was called and after it settled. */
  #handlers: { -readonly [K in RunControlOperation]?: () => void | Promise<void> } | null = null;
  #controlClosed = false;
  /** Settles when the run has reached its final state (or executeRun gave up). */
  settled: Promise<unknown> = Promise.resolve();

  constructor(runId: string, sessionId: string) {
    this.runId = runId;
    this.sessionId = sessionId;
  }

  /** Aborted on cancel, timeout or shutdown; handed to the adapter. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the run was aborted, or null. */
  get aborted(): RunAbort | null {
    return this.#abort;
  }

  /** Abort the run; returns false when it was already aborted. */
  abort(abort: RunAbort): boolean {
    if (this.#abort !== null) return false;
    this.#abort = abort;
    this.#controller.abort(abortError(abort));
    return true;
  }

  /**
   * The `request.control` of this run's one `execute` call: registrations count from now until
   * `closeControl()`; later ones are ignored. Members that are not functions are ignored too.
   */
  openControl(): AdapterRunControl {
    if (this.#handlers === null && !this.#controlClosed) this.#handlers = {};
    return Object.freeze({
      register: (handlers: RunControlHandlers) => {
        const current = this.#handlers;
        if (current === null || typeof handlers !== 'object' || handlers === null) return;
        for (const operation of OPERATIONS) {
          const handler = handlers[operation];
          if (typeof handler === 'function') current[operation] = handler;
        }
      },
    });
  }

  /** `execute` settled: forget the registrations and accept no more. */
  closeControl(): void {
    this.#handlers = null;
    this.#controlClosed = true;
  }

  /** Whether `execute` is running (between `openControl` and `closeControl`). */
  get executing(): boolean {
    return this.#handlers !== null;
  }

  /** The handler the adapter registered for `operation`, while `execute` runs. */
  handler(operation: RunControlOperation): (() => void | Promise<void>) | undefined {
    return this.#handlers?.[operation];
  }
}
