import { AgentSessionError } from '../core/agent-session-error.js';
import type { SessionEvent } from '../core/session-event.js';
import type { Telemetry } from '../observability/telemetry.js';
import type { AdapterEvent } from '../ports/adapter-event.js';
import type { SessionStore } from '../ports/session-store.js';
import { type AdapterEventFactory, isLifecycleType } from './adapter-event-factory.js';
import type { EventBus } from './event-bus.js';

/** What an `EventWriter` writes to and reports to. */
export interface EventWriterDeps {
  readonly store: SessionStore;
  readonly bus: EventBus;
  readonly telemetry: Telemetry;
  readonly factory: AdapterEventFactory;
  readonly sessionId: string;
  readonly runId: string;
  readonly onEvent?: ((event: SessionEvent) => void) | undefined;
  /** Events per `appendEvents` call (default 1024). */
  readonly maxBatch?: number;
  /** Buffered events above which `emit` returns a promise that waits for room (default 4096). */
  readonly maxPending?: number;
}

/**
 * The write path of one run's adapter events: turns each emitted event into a `SessionEvent`,
 * buffers them, appends them in batches (one `appendEvents` per batch, started on the next
 * microtask or as soon as a batch is full), then publishes each stored batch once on the bus, to
 * `onEvent` and to telemetry. Once closed, late emits are dropped.
 */
export class EventWriter {
  readonly #deps: EventWriterDeps;
  readonly #maxBatch: number;
  readonly #maxPending: number;
  #buffer: SessionEvent[] = [];
  #flushing: Promise<void> | null = null;
  #scheduled = false;
  #closed = false;
  #failure: AgentSessionError | null = null;
  #waiters: (() => void)[] = [];
  /** The seq the next built event will most likely get (0: unknown); see `AdapterEventFactory`. */
  #nextSeq = 0;
  /** Every stored event of the run, in `seq` order. */
  readonly stored: SessionEvent[] = [];
  /** How many `message_received` events the adapter emitted. */
  messagesReceived = 0;
  /** How many `turn_completed` events the adapter emitted. */
  turnsCompleted = 0;

  constructor(deps: EventWriterDeps) {
    this.#deps = deps;
    this.#maxBatch = deps.maxBatch ?? 1024;
    this.#maxPending = deps.maxPending ?? 4096;
  }

  /** The first write failure, if appending failed (the run must then fail). */
  get failure(): AgentSessionError | null {
    return this.#failure;
  }

  /** The `emit` handed to the adapter. */
  readonly emit = (event: AdapterEvent): undefined | Promise<void> => {
    if (this.#closed) return undefined;
    const type = (event as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && isLifecycleType(type)) return undefined;
    const built = this.#deps.factory.build(event, this.#nextSeq === 0 ? 0 : this.#nextSeq++);
    if (built.type === 'message_received') this.messagesReceived++;
    else if (built.type === 'turn_completed') this.turnsCompleted++;
    const buffer = this.#buffer;
    buffer.push(built);
    if (this.#flushing === null) {
      if (buffer.length >= this.#maxBatch) this.#startFlush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(this.#onMicrotask);
      }
    }
    if (buffer.length > this.#maxPending) {
      return new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return undefined;
  };

  /** Publish events stored outside the buffer (the run's start and terminal commits). */
  published(events: readonly SessionEvent[]): void {
    const { bus, telemetry, sessionId, runId } = this.#deps;
    if (events.length === 0) return;
    this.#nextSeq = (events[events.length - 1] as SessionEvent).seq + 1 + this.#buffer.length;
    bus.publish(sessionId, events);
    report(telemetry, events);
    const own = events.filter((event) => event.runId === runId);
    for (const event of own) this.stored.push(event);
    this.#notify(own);
  }

  /** Stop accepting events and write what is buffered. Never throws; see `failure`. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#flushing !== null || this.#buffer.length > 0) {
      if (this.#flushing === null) this.#startFlush();
      await this.#flushing;
    }
    this.#release();
  }

  readonly #onMicrotask = (): void => {
    this.#scheduled = false;
    if (this.#flushing === null && this.#buffer.length > 0) this.#startFlush();
  };

  #startFlush(): void {
    this.#flushing = this.#flushLoop().finally(() => {
      this.#flushing = null;
    });
  }

  async #flushLoop(): Promise<void> {
    while (this.#buffer.length > 0) {
      // Take the whole buffer and write it in batches; emits meanwhile go to a fresh buffer, so a
      // long buffer is never re-sliced per batch.
      const pending = this.#buffer;
      this.#buffer = [];
      const max = this.#maxBatch;
      for (let start = 0; start < pending.length; start += max) {
        await this.#append(pending.length <= max ? pending : pending.slice(start, start + max));
        if (this.#buffer.length + pending.length - start - max <= this.#maxPending) this.#release();
      }
    }
  }

  async #append(batch: SessionEvent[]): Promise<void> {
    if (this.#failure !== null) return; // already failing: dropped, the run ends failed
    try {
      this.#publish(await this.#deps.store.appendEvents(this.#deps.sessionId, batch));
    } catch (error) {
      this.#failure = AgentSessionError.isInstance(error)
        ? error
        : new AgentSessionError(
            'storage_write_failed',
            `appending events failed: ${String(error)}`,
            {
              cause: error,
            },
          );
    }
  }

  #release(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  #publish(events: readonly SessionEvent[]): void {
    if (events.length === 0) return;
    const stored = this.stored;
    for (let i = 0; i < events.length; i++) stored.push(events[i] as SessionEvent);
    const { bus, telemetry, sessionId } = this.#deps;
    bus.publish(sessionId, events);
    report(telemetry, events);
    this.#notify(events);
  }

  #notify(events: readonly SessionEvent[]): void {
    const onEvent = this.#deps.onEvent;
    if (onEvent !== undefined) {
      for (const event of events) {
        try {
          onEvent(event);
        } catch {
          // The caller's callback failing is not the run failing.
        }
      }
    }
  }
}

function report(telemetry: Telemetry, events: readonly SessionEvent[]): void {
  try {
    telemetry.eventsStored(events);
  } catch {
    // Telemetry must never break a run.
  }
}
