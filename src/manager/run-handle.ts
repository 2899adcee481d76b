import { abortError, type RunAbort } from './error-mapping.js';

/**
 * One run queued or executing in this manager: how to abort it and why it was aborted. The first
 * abort wins; later ones are ignored.
 */
export class RunHandle {
  readonly runId: string;
  readonly sessionId: string;
  readonly #controller = new AbortController();
  #abort: RunAbort | null = null;
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
}
