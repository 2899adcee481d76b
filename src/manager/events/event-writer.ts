import { AgentSessionError } from '../../core/agent-session-error.js';
import type { SessionEvent } from '../../core/session-event.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import { type AdapterEventFactory, isLifecycleType } from './adapter-event-factory.js';
import type { StoredEventsSink } from './stored-events-sink.js';

/** What an `EventWriter` writes to and reports to. */
export interface EventWriterDeps {
  readonly store: SessionStore;
  /** Where stored events are published (subscribers, telemetry). */
  readonly sink: StoredEventsSink;
  readonly factory: AdapterEventFactory;
  readonly sessionId: string;
  readonly runId: string;
  readonly onEvent?: ((event: SessionEvent) => void) | undefined;
  /**
   * Called once when the store refuses the run's events because the run's stored status is
   * terminal (`invalid_status`: another process ended it); everything buffered is then dropped.
   */
  readonly onRefused?: ((error: AgentSessionError) => void) | undefined;
  /** How many of the run's latest stored events `stored` keeps (default 10,000). */
  readonly keepEvents?: number;
  /** Events per `appendEvents` call (default 1024). */
  readonly maxBatch?: number;
  /** Buffered events above which `emit` returns a promise that waits for room (default 4096). */
  readonly maxPending?: number;
}

/**
 * The write path of one run's adapter events: turns each emitted event into a `SessionEvent`,
 * buffers them, appends them in batches (one `appendEvents` per batch, started on the next turn
 * of the event loop or as soon as a batch is full; a run that ends first stores the rest with its
 * terminal commit, see `drain`), then publishes each stored batch once on the bus, to
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
  #refused: AgentSessionError | null = null;
  readonly #keep: number;
  #waiters: (() => void)[] = [];
  #stored: SessionEvent[] = [];
  /** How many of the run's events were stored (also those no longer kept in `stored`). */
  storedCount = 0;
  /** The `content` of each `message_received` the adapter emitted, in order. */
  readonly received: string[] = [];
  /** How many `message_received` events the adapter emitted. */
  messagesReceived = 0;
  /** How many `turn_completed` events the adapter emitted. */
  turnsCompleted = 0;

  constructor(deps: EventWriterDeps) {
    this.#deps = deps;
    this.#maxBatch = deps.maxBatch ?? 1024;
    this.#maxPending = deps.maxPending ?? 4096;
    this.#keep = deps.keepEvents ?? 10_000;
  }

  /** The run's latest stored events in `seq` order (at most `keepEvents` of them). */
  get stored(): readonly SessionEvent[] {
    if (this.#stored.length > this.#keep) this.#stored = this.#stored.slice(-this.#keep);
    return this.#stored;
  }

  /** The store's refusal of the run's events (its stored status is terminal), if it refused. */
  get refused(): AgentSessionError | null {
    return this.#refused;
  }

  /** The first write failure, if appending failed (the run must then fail). */
  get failure(): AgentSessionError | null {
    return this.#failure;
  }

  /** The `emit` handed to the adapter. */
  readonly emit = (event: AdapterEvent): undefined | Promise<void> => {
    if (this.#closed) return undefined;
    let type: unknown;
    try {
      type = (event as { type?: unknown } | null)?.type;
    } catch {
      type = undefined; // unreadable (a Proxy): the factory below throws validation_error for it
    }
    if (typeof type === 'string' && isLifecycleType(type)) return undefined;
    const built = this.#deps.factory.build(event);
    if (built.type === 'message_received') {
      this.messagesReceived++;
      const content = built.data.content;
      if (typeof content === 'string') this.received.push(content);
    } else if (built.type === 'turn_completed') this.turnsCompleted++;
    const buffer = this.#buffer;
    buffer.push(built);
    if (this.#flushing === null) {
      if (buffer.length >= this.#maxBatch) this.#startFlush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#onTick);
      }
    }
    if (buffer.length > this.#maxPending) {
      return new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return undefined;
  };

  /** Publish events stored outside the buffer (the run's start and terminal commits). */
  publishCommitted(events: readonly SessionEvent[]): void {
    const { sink, sessionId, runId } = this.#deps;
    if (events.length === 0) return;
    sink.publish(sessionId, events);
    const own = events.filter((event) => event.runId === runId);
    this.#keepStored(own);
    this.#notify(own);
  }

  /**
   * Stop accepting events, wait for the appends in flight, and hand over what is still buffered
   * instead of appending it: the caller stores those events with the run's terminal commit (pass
   * the stored ones to `published`). Nothing is handed over once appending failed or was refused.
   */
  async drain(): Promise<SessionEvent[]> {
    this.#closed = true;
    while (this.#flushing !== null) await this.#flushing;
    const rest = this.#failure === null && this.#refused === null ? this.#buffer : [];
    this.#buffer = [];
    this.#release();
    return rest;
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

  readonly #onTick = (): void => {
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
    // Already failing: dropped, the run ends failed. Refused: the run ended elsewhere.
    if (this.#failure !== null || this.#refused !== null) return;
    try {
      this.#publish(await this.#deps.store.appendEvents(this.#deps.sessionId, batch));
    } catch (error) {
      if (AgentSessionError.isInstance(error) && error.code === 'invalid_status') {
        this.#refused = error;
        this.#buffer = [];
        this.#closed = true;
        this.#release();
        this.#deps.onRefused?.(error);
        return;
      }
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
    this.#keepStored(events);
    this.#deps.sink.publish(this.#deps.sessionId, events);
    this.#notify(events);
  }

  #keepStored(events: readonly SessionEvent[]): void {
    this.storedCount += events.length;
    if (this.#keep === 0) return;
    let stored = this.#stored;
    for (let i = 0; i < events.length; i++) stored.push(events[i] as SessionEvent);
    // Trimmed in steps, so keeping the latest events costs O(1) per event.
    if (stored.length >= 2 * this.#keep) {
      stored = stored.slice(-this.#keep);
      this.#stored = stored;
    }
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
