import { AgentSessionError } from '../../core/agent-session-error.js';

/**
 * The control state of one mock turn, owned by its `execute` call (the adapter keeps no map of
 * runs): interrupt, pause and resume as registered on `request.control`, and waits that end early
 * on interrupt, resume or abort.
 */
export class TurnControl {
  interrupted = false;
  paused = false;
  readonly #wakers = new Set<() => void>();

  constructor(
    readonly runId: string,
    /** Null when the adapter ignores aborts. */
    readonly signal: AbortSignal | null,
  ) {}

  interrupt(): void {
    this.interrupted = true;
    this.#wake();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.#wake();
  }

  /** Throw `cancelled` when the run's signal is aborted (never when aborts are ignored). */
  checkAbort(): void {
    if (this.signal?.aborted) {
      throw new AgentSessionError('cancelled', `mock run ${this.runId} was aborted`, {
        details: { runId: this.runId },
        cause: this.signal.reason,
      });
    }
  }

  /** Wait `ms` (0: no wait), then while paused; ends early on interrupt; throws `cancelled` on abort. */
  async step(ms: number): Promise<void> {
    if (ms > 0 && !this.interrupted) await this.#wait(ms);
    while (this.paused && !this.interrupted) await this.#wait(null);
    this.checkAbort();
  }

  /** Wait until interrupted; throws `cancelled` on abort; never ends when aborts are ignored. */
  async hang(): Promise<void> {
    while (!this.interrupted) await this.#wait(null);
    this.checkAbort();
  }

  #wake(): void {
    const wakers = [...this.#wakers];
    this.#wakers.clear();
    for (const wake of wakers) wake();
  }

  #wait(ms: number | null): Promise<void> {
    this.checkAbort();
    return new Promise<void>((resolve) => {
      const signal = this.signal;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#wakers.delete(done);
        resolve();
      };
      if (ms !== null) timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.#wakers.add(done);
    });
  }
}
