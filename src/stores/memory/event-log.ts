import { SessionEvent } from '../../core/session-event.js';
import type { CheckedReadOptions } from '../../core/store-query-checks.js';

/**
 * One session's events, where `events[i].seq === i + 1`: reading after a `seq` is index arithmetic,
 * not a scan.
 */
export class EventLog {
  readonly #events: SessionEvent[] = [];

  get latestSeq(): number {
    return this.#events.length;
  }

  /** Store a checked `event` with the next `seq`; returns the stored event. */
  push(event: SessionEvent): SessionEvent {
    // One new frozen object per event, whatever seq the input carries: no writer guesses ours.
    const stored = SessionEvent.stored(event, this.#events.length + 1);
    this.#events.push(stored);
    return stored;
  }

  /** Drop the events after the first `length` (undoing a batch that turned out to be invalid). */
  truncate(length: number): void {
    this.#events.length = length;
  }

  /** Every stored event, in `seq` order. */
  all(): readonly SessionEvent[] {
    return this.#events;
  }

  /** The ids of every stored event (for cascade deletes). */
  ids(): string[] {
    return this.#events.map((event) => event.id);
  }

  read(options: CheckedReadOptions): SessionEvent[] {
    const { after, limit, runId, types } = options;
    const all = this.#events;
    if (after >= all.length) return [];
    if (runId === null && types === null) {
      return all.slice(after, limit === null ? undefined : after + limit);
    }
    const typeSet = types === null ? null : new Set<string>(types);
    const out: SessionEvent[] = [];
    for (let i = after; i < all.length; i++) {
      const event = all[i] as SessionEvent;
      if (runId !== null && event.runId !== runId) continue;
      if (typeSet !== null && !typeSet.has(event.type)) continue;
      out.push(event);
      if (out.length === limit) break;
    }
    return out;
  }
}
