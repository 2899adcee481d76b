import { AgentSessionError } from '../../core/agent-session-error.js';
import { TERMINAL_RUN_EVENT_TYPES } from '../../core/event-types.js';
import type { SessionEvent } from '../../core/session-event.js';
import { expectInteger, expectObject, expectOptionalString } from '../../core/validate.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectTimerMs } from '../manager-options.js';
import type { EventBus } from './event-bus.js';

/** Options of `subscribe`. */
export interface SubscribeOptions {
  /** Deliver events with `seq` greater than this (default 0: from the first event). */
  after?: number;
  /** Aborting it ends the iteration, like `close()`. */
  signal?: AbortSignal;
  /** Most events held for a slow consumer (default 1000); beyond, they are re-read from the store. */
  maxBuffered?: number;
  /**
   * How often the store is re-read while a `next()` waits, to see other processes' writes
   * (default 250; 1 to `MAX_TIMER_MS`, 2^31-1: the longest delay Node's timers accept).
   */
  pollIntervalMs?: number;
  /** Deliver only this run's events. */
  runId?: string;
  /** End after this run's terminal event (run_completed, run_failed, run_cancelled, run_timeout). */
  untilTerminalOf?: string;
}

/** A session's events in `seq` order: the stored ones after the cursor, then live ones. */
export interface Subscription extends AsyncIterable<SessionEvent> {
  /** End the iteration; a pending `next()` resolves done. Idempotent. */
  close(): void;
}

/** Events read from the store per request. */
export const SUBSCRIPTION_PAGE_SIZE = 500;

/** What `subscribe` needs; `open`, when given, holds the subscription from creation to close. */
export interface SubscriptionDeps {
  store: SessionStore;
  bus: EventBus;
  open?: OpenSubscriptions;
}

/** The subscriptions of one owner (a `SessionManager`) not closed yet, so it can end them all. */
export class OpenSubscriptions {
  readonly #open = new Set<SessionSubscription>();

  add(subscription: SessionSubscription): void {
    this.#open.add(subscription);
  }

  delete(subscription: SessionSubscription): void {
    this.#open.delete(subscription);
  }

  /** End every one: each still delivers the events it holds, then its iteration is done. */
  endAll(): void {
    for (const subscription of [...this.#open]) subscription.endAfterBuffered();
  }
}

const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set(TERMINAL_RUN_EVENT_TYPES);

/**
 * Replays stored events after `after`, then follows live ones from the bus, with no gap and no
 * duplicate: events are deduplicated by `seq`, and whenever the bus skips a `seq` (another process
 * wrote it), the buffer is full, or `pollIntervalMs` passes idle, the missing events are read from
 * the store. Memory stays bounded by `maxBuffered` and one page, however long the replay. A
 * missing session makes the first `next()` reject with `session_not_found`. A pending `next()`
 * keeps the Node process alive (its poll timer is ref'd); with no `next()` pending there is no
 * timer, so a consumer that stopped reading does not hold the process.
 *
 * @example
 * ```ts
 * const subscription = subscribe({ store, bus }, session.id, { after: 10 });
 * for await (const event of subscription) {
 *   console.log(event.seq, event.type);
 *   if (event.type === 'session_completed') break;
 * }
 * ```
 */
export function subscribe(
  deps: SubscriptionDeps,
  sessionId: string,
  options: SubscribeOptions = {},
): Subscription {
  return new SessionSubscription(deps, sessionId, options);
}

/** The `Subscription` that `subscribe` returns; `bufferedCount()` is for tests and benchmarks. */
export class SessionSubscription implements Subscription, AsyncIterator<SessionEvent> {
  readonly #store: SessionStore;
  readonly #bus: EventBus;
  readonly #sessionId: string;
  readonly #maxBuffered: number;
  readonly #pollIntervalMs: number;
  readonly #runId: string | null;
  readonly #untilTerminalOf: string | null;
  readonly #signal: AbortSignal | undefined;
  readonly #open: OpenSubscriptions | undefined;
  /** Events waiting for the consumer, in `seq` order. */
  #queue: SessionEvent[] = [];
  #queueHead = 0;
  /** `next()` calls taken by the slow path and not settled yet (they must be served first). */
  #outstanding = 0;
  /** Every event with `seq` up to this is in the queue, delivered or filtered out. */
  #seen: number;
  /** The store holds events after `#seen` that the bus did not hand over. */
  #catchUp = true;
  #started = false;
  /** The terminal event of `untilTerminalOf` was seen: nothing more is taken. */
  #ending = false;
  #done = false;
  #peakBuffered = 0;
  #stopListening: (() => void) | null = null;
  #wake: (() => void) | null = null;
  /** Ends the store read in progress with `undefined` (one slot: one read at a time). */
  #abandonRead: (() => void) | null = null;
  #pending: Promise<unknown> = Promise.resolve();

  constructor(deps: SubscriptionDeps, sessionId: string, options: SubscribeOptions) {
    const opts = expectObject(options, 'options');
    this.#store = deps.store;
    this.#bus = deps.bus;
    this.#sessionId = sessionId;
    this.#seen = opts.after === undefined ? 0 : expectInteger(opts.after, 'options.after', 0);
    this.#maxBuffered =
      opts.maxBuffered === undefined
        ? 1000
        : expectInteger(opts.maxBuffered, 'options.maxBuffered', 1);
    this.#pollIntervalMs =
      opts.pollIntervalMs === undefined
        ? 250
        : expectTimerMs(opts.pollIntervalMs, 'options.pollIntervalMs');
    this.#runId = expectOptionalString(opts.runId, 'options.runId');
    this.#untilTerminalOf = expectOptionalString(opts.untilTerminalOf, 'options.untilTerminalOf');
    if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) {
      throw new AgentSessionError('validation_error', 'options.signal must be an AbortSignal');
    }
    this.#signal = options.signal;
    this.#open = deps.open;
    if (this.#signal?.aborted) {
      this.close();
      return;
    }
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#open?.add(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    return this;
  }

  /** The next event; waits for one, reading the store when needed. Calls are served in order. */
  next(): Promise<IteratorResult<SessionEvent>> {
    // Fast path: an event is buffered and no earlier call is still waiting.
    if (this.#outstanding === 0 && !this.#done && this.#queueHead < this.#queue.length) {
      return Promise.resolve({ done: false, value: this.#shift() });
    }
    this.#outstanding++;
    const result = this.#pending.then(() => this.#next());
    this.#pending = result.catch(() => undefined);
    return result;
  }

  /** Ends the iteration (what `break` in `for await` calls). */
  return(): Promise<IteratorResult<SessionEvent>> {
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#queue = [];
    this.#queueHead = 0;
    this.#stop();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#open?.delete(this);
    this.#abandonRead?.();
  }

  /**
   * Stop taking events: those already held are still delivered, then the iteration is done (a
   * pending `next()` resolves done at once). What the owner's `close()` calls.
   */
  endAfterBuffered(): void {
    if (this.#done) return;
    if (this.bufferedCount() === 0) {
      this.close();
      return;
    }
    this.#ending = true;
    this.#stop();
    this.#abandonRead?.();
  }

  /** Events held for the consumer right now. */
  bufferedCount(): number {
    return this.#queue.length - this.#queueHead;
  }

  /** The most events held at once so far. */
  peakBufferedCount(): number {
    return this.#peakBuffered;
  }

  readonly #onAbort = (): void => this.close();

  async #next(): Promise<IteratorResult<SessionEvent>> {
    try {
      return await this.#nextEvent();
    } finally {
      this.#outstanding--;
    }
  }

  async #nextEvent(): Promise<IteratorResult<SessionEvent>> {
    try {
      for (;;) {
        if (this.#done) return { done: true, value: undefined };
        if (this.#queueHead < this.#queue.length) return { done: false, value: this.#shift() };
        if (this.#ending) {
          this.close();
          continue;
        }
        if (!this.#started) await this.#start();
        else if (this.#catchUp) await this.#readPage();
        else await this.#idle();
      }
    } catch (error) {
      this.close();
      throw error;
    }
  }

  async #start(): Promise<void> {
    this.#started = true;
    // Listen before reading, so that nothing stored after the read can be missed.
    this.#stopListening = this.#bus.listen(this.#sessionId, this.#onPublished);
    await this.#untilClosed(this.#store.getSession(this.#sessionId));
  }

  async #readPage(): Promise<void> {
    this.#catchUp = false;
    const limit = Math.min(SUBSCRIPTION_PAGE_SIZE, this.#maxBuffered);
    const page = await this.#untilClosed(
      this.#store.readEvents(this.#sessionId, { after: this.#seen, limit }),
    );
    if (page === undefined || this.#done) return;
    if (page.length === limit) this.#catchUp = true;
    for (const event of page) {
      if (event.seq <= this.#seen) continue;
      if (!this.#take(event)) return;
    }
  }

  async #idle(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      // Not unref'd: a pending `next()` keeps the process alive, as a socket read would. The
      // timer exists only while a `next()` waits, so a consumer that stopped reading holds nothing.
      timer = setTimeout(() => {
        this.#catchUp = true;
        resolve();
      }, this.#pollIntervalMs);
    });
    clearTimeout(timer);
    this.#wake = null;
  }

  readonly #onPublished = (events: readonly SessionEvent[]): void => {
    if (this.#done || this.#ending) return;
    for (const event of events) {
      if (event.seq <= this.#seen) continue;
      if (this.#catchUp || event.seq !== this.#seen + 1) {
        // A seq this subscription did not see: the store has it; read from there.
        this.#catchUp = true;
        break;
      }
      if (!this.#take(event)) break;
    }
    this.#wake?.();
  };

  /** Accept the event after `#seen`; false when it must be read from the store later instead. */
  #take(event: SessionEvent): boolean {
    if (this.#ending) return false;
    const wanted = this.#runId === null || event.runId === this.#runId;
    if (wanted && this.bufferedCount() >= this.#maxBuffered) {
      this.#catchUp = true;
      return false;
    }
    this.#seen = event.seq;
    if (wanted) {
      this.#queue.push(event);
      const buffered = this.bufferedCount();
      if (buffered > this.#peakBuffered) this.#peakBuffered = buffered;
    }
    if (
      this.#untilTerminalOf !== null &&
      event.runId === this.#untilTerminalOf &&
      TERMINAL_RUN_EVENTS.has(event.type)
    ) {
      this.#ending = true;
      this.#stop();
      return false;
    }
    return true;
  }

  #shift(): SessionEvent {
    const event = this.#queue[this.#queueHead++] as SessionEvent;
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    } else if (this.#queueHead >= 1024 && this.#queueHead * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
    return event;
  }

  #stop(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#wake?.();
  }

  /**
   * `promise`'s value, or undefined as soon as the subscription is closed. A slot rather than a
   * race against a promise of the subscription's whole life: such a race would keep every value
   * read (each page) reachable until the subscription ends.
   */
  async #untilClosed<T>(promise: Promise<T>): Promise<T | undefined> {
    try {
      return await new Promise<T | undefined>((resolve, reject) => {
        this.#abandonRead = () => resolve(undefined);
        promise.then(resolve, reject);
      });
    } finally {
      this.#abandonRead = null;
    }
  }
}
