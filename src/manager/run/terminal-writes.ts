import { AgentSessionError } from '../../core/agent-session-error.js';

/** Attempts of a terminal commit that fails with a storage error, and the first backoff. */
const TERMINAL_ATTEMPTS = 5;
const TERMINAL_BACKOFF_MS = 10;

/**
 * Terminal writes that failed for good: the run is still `running` in the store, and this process
 * keeps what it has to write. `finish()` tries again (before the next run starts, and on `close()`).
 */
export class UnfinishedRuns {
  readonly #pending = new Map<string, () => Promise<void>>();

  /** How many terminal writes are still to be done. */
  get size(): number {
    return this.#pending.size;
  }

  /** Whether the run's terminal write is still to be done. */
  has(runId: string): boolean {
    return this.#pending.has(runId);
  }

  add(runId: string, write: () => Promise<void>): void {
    this.#pending.set(runId, write);
  }

  /** Try every pending terminal write once more; those that fail stay. Never throws. */
  async finish(): Promise<void> {
    for (const [runId, write] of [...this.#pending]) {
      try {
        await write();
        this.#pending.delete(runId);
      } catch {
        // kept for the next attempt
      }
    }
  }
}

export function isRetriable(error: unknown): boolean {
  return !AgentSessionError.isInstance(error) || error.category === 'storage';
}

export async function withRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isRetriable(error) || attempt >= TERMINAL_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, TERMINAL_BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}
