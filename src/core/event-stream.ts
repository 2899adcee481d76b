import { AgentSessionError } from './agent-session-error.js';
import {
  checkStreamContext,
  checkStreamEvent,
  DEFAULT_MAX_BUFFER_SIZE,
  type EventStreamOptions,
  type EventStreamStats,
  type StreamContext,
} from './event-stream-options.js';
import type { SessionEvent } from './session-event.js';
import { expectInteger, expectObject, invalid, typeName } from './validate.js';

export { DEFAULT_MAX_BUFFER_SIZE, type EventStreamOptions, type EventStreamStats };

/**
 * A bounded buffer of events with a read cursor. Events are kept in push order; once more than
 * `maxBufferSize` are held, the oldest are evicted, and the cursor never points before the oldest
 * retained event (unread events evicted that way are counted in `stats().droppedCount`). Reads
 * work after `close()`; pushes do not.
 *
 * @example
 * ```ts
 * const stream = EventStream.create({ maxBufferSize: 100, context: { sessionId: session.id } });
 * stream.pushBatch(events);
 * const next = stream.take(10); // up to 10 unread events; the cursor moves past them
 * stream.remaining(); // unread events still buffered
 * stream.close();
 * ```
 */
export class EventStream {
  readonly maxBufferSize: number;
  readonly #context: StreamContext;
  readonly #ring: SessionEvent[] = [];
  #oldest = 0;
  #next = 0;
  #cursor = 0;
  #dropped = 0;
  #closed = false;

  private constructor(maxBufferSize: number, context: StreamContext) {
    this.maxBufferSize = maxBufferSize;
    this.#context = context;
  }

  /** A new, open, empty stream. Bad options throw `validation_error` naming the field. */
  static create(options: EventStreamOptions = {}): EventStream {
    const opts = expectObject(options, 'options');
    const max =
      opts.maxBufferSize === undefined
        ? DEFAULT_MAX_BUFFER_SIZE
        : expectInteger(opts.maxBufferSize, 'options.maxBufferSize', 1);
    return new EventStream(max, checkStreamContext(opts.context));
  }

  /** Add one event. A closed stream throws `invalid_operation`; a bad event `validation_error`. */
  push(event: SessionEvent): void {
    this.#pushAll([event], () => 'event');
  }

  /** Add events in order, all or none: one bad event (or a closed stream) and nothing is added. */
  pushBatch(events: readonly SessionEvent[]): void {
    if (!Array.isArray(events)) invalid('events', `must be an array, got ${typeName(events)}`);
    this.#pushAll(events, (i) => `events[${i}]`);
  }

  #pushAll(events: readonly unknown[], fieldOf: (i: number) => string): void {
    if (this.#closed) {
      throw new AgentSessionError('invalid_operation', 'cannot push to a closed event stream', {
        details: { reason: 'stream_closed' },
      });
    }
    const checked = events.map((event, i) => checkStreamEvent(event, fieldOf(i), this.#context));
    for (const event of checked) this.#append(event);
  }

  /** Move the cursor past up to `n` unread events; returns how many it moved. */
  advance(n: number): number {
    const step = Math.min(expectInteger(n, 'n', 0), this.remaining());
    this.#cursor += step;
    return step;
  }

  /** Up to `n` unread events (default: all of them), without moving the cursor. */
  peek(n?: number): SessionEvent[] {
    const count = n === undefined ? this.remaining() : expectInteger(n, 'n', 0);
    const end = Math.min(this.#cursor + count, this.#next);
    const out: SessionEvent[] = [];
    for (let pos = this.#cursor; pos < end; pos++) out.push(this.#at(pos));
    return out;
  }

  /** Up to `n` unread events; the cursor moves past them. */
  take(n: number): SessionEvent[] {
    const out = this.peek(expectInteger(n, 'n', 0));
    this.#cursor += out.length;
    return out;
  }

  /** How many unread events the buffer holds. */
  remaining(): number {
    return this.#next - this.#cursor;
  }

  /** Stop accepting pushes (idempotent). Buffered events stay readable. */
  close(): void {
    this.#closed = true;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Whether the stream is closed and every event has been read. */
  get done(): boolean {
    return this.#closed && this.remaining() === 0;
  }

  /** Counters of the buffer and the cursor. */
  stats(): EventStreamStats {
    return {
      size: this.#next - this.#oldest,
      position: this.#cursor,
      totalPushed: this.#next,
      evictedCount: this.#oldest,
      droppedCount: this.#dropped,
    };
  }

  /** All buffered events, read or not, oldest first. */
  events(): SessionEvent[] {
    const out: SessionEvent[] = [];
    for (let pos = this.#oldest; pos < this.#next; pos++) out.push(this.#at(pos));
    return out;
  }

  #at(pos: number): SessionEvent {
    return this.#ring[pos % this.maxBufferSize] as SessionEvent;
  }

  #append(event: SessionEvent): void {
    this.#ring[this.#next % this.maxBufferSize] = event;
    this.#next++;
    if (this.#next - this.#oldest > this.maxBufferSize) {
      if (this.#cursor === this.#oldest) {
        this.#cursor++;
        this.#dropped++;
      }
      this.#oldest++;
    }
  }
}
