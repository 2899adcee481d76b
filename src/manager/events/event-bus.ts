import type { SessionEvent } from '../../core/session-event.js';

/** Receives a session's events right after they are stored, in `seq` order. */
export type StoredEventsListener = (events: readonly SessionEvent[]) => void;

/**
 * In-process fan-out of stored events, per session. The manager publishes every batch once the
 * store has acknowledged it; subscriptions listen here and fall back to reading the store for
 * anything they did not see (events written by another process, or dropped by their bound).
 */
export class EventBus {
  readonly #listeners = new Map<string, Set<StoredEventsListener>>();

  /** Listen to one session; returns the function that stops listening. */
  listen(sessionId: string, listener: StoredEventsListener): () => void {
    let set = this.#listeners.get(sessionId);
    if (!set) {
      set = new Set();
      this.#listeners.set(sessionId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(sessionId) === set)
        this.#listeners.delete(sessionId);
    };
  }

  /** Hand a stored batch to the session's listeners; a throwing listener does not stop others. */
  publish(sessionId: string, events: readonly SessionEvent[]): void {
    const set = this.#listeners.get(sessionId);
    if (!set || events.length === 0) return;
    for (const listener of [...set]) {
      try {
        listener(events);
      } catch {
        // A listener's failure is its own; the events are stored and others must still see them.
      }
    }
  }

  /** How many listeners a session has. */
  listenerCount(sessionId: string): number {
    return this.#listeners.get(sessionId)?.size ?? 0;
  }
}
