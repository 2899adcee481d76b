import { nowIso } from '../../core/clock.js';
import type { Run } from '../../core/run.js';
import type { SessionStore } from '../../ports/session-store.js';

/**
 * The stored state of one executing run and the one path that writes it: heartbeats and the final
 * commit go through `update`, one after another, so they never conflict on `version`.
 */
export class RunHeartbeat {
  #current: Run;
  #chain: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;

  constructor(run: Run) {
    this.#current = run;
  }

  /** The latest stored version of the run. */
  get current(): Run {
    return this.#current;
  }

  /** Refresh `heartbeatAt` every `intervalMs` until `stop()`. */
  start(store: SessionStore, intervalMs: number): void {
    this.#timer = setInterval(() => {
      void this.update(async (run) => {
        if (this.#stopped) return run;
        return store.saveRun({ ...run, heartbeatAt: nowIso() });
      });
    }, intervalMs);
    this.#timer.unref?.();
  }

  /**
   * Run `write` on the latest run after every earlier write; its result becomes the latest run.
   * A failed heartbeat is ignored (the run keeps its last stored version; recovery elsewhere may
   * then take it over, and the final commit will report that).
   */
  update(write: (run: Run) => Promise<Run>): Promise<void> {
    const next = this.#chain.then(async () => {
      try {
        this.#current = await write(this.#current);
      } catch {
        // see above
      }
    });
    this.#chain = next;
    return next;
  }

  /** Stop heartbeats and wait for one in flight; returns the latest stored run. */
  async stop(): Promise<Run> {
    this.#stopped = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    await this.#chain;
    return this.#current;
  }
}
