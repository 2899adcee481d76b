import { isIsoTimestamp, nowIso } from './clock.js';
import { canonicalKeys, type EventData } from './event-data.js';
import { EVENT_TYPES, type EventType } from './event-types.js';
import { isId, newId } from './ids.js';
import {
  expectInteger,
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  invalid,
  jsonObject,
} from './validate.js';

/**
 * One entry of a session's event log. `seq` is the per-session sequence number (1, 2, 3 … with no
 * gaps) assigned by the store at append; it is 0 on an event that has not been stored yet.
 */
export interface SessionEvent<T extends EventType = EventType> {
  readonly id: string;
  readonly seq: number;
  readonly type: T;
  readonly sessionId: string;
  readonly runId: string | null;
  readonly timestamp: string;
  readonly provider: string | null;
  readonly data: EventData<T>;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Attributes accepted by `SessionEvent.create`. */
export interface SessionEventAttrs<T extends EventType = EventType> {
  type: T;
  sessionId: string;
  runId?: string | null;
  id?: string;
  seq?: number;
  timestamp?: string;
  provider?: string | null;
  data?: EventData<T> | Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

// Events this module built are instances of this class: deeply frozen and already validated, so
// `validate` can skip the copy. A spread, JSON or structuredClone copy is a plain object again and
// gets validated. (A WeakSet or a defined symbol property did the same but slowed construction and
// garbage collection with millions of live events.)
class BuiltEvent {
  declare readonly id: string;
  declare readonly seq: number;
  declare readonly type: EventType;
  declare readonly sessionId: string;
  declare readonly runId: string | null;
  declare readonly timestamp: string;
  declare readonly provider: string | null;
  declare readonly data: EventData<EventType>;
  declare readonly metadata: Readonly<Record<string, unknown>>;

  constructor(
    id: string,
    seq: number,
    type: EventType,
    sessionId: string,
    runId: string | null,
    timestamp: string,
    provider: string | null,
    data: EventData<EventType>,
    metadata: Readonly<Record<string, unknown>>,
  ) {
    const self = this as { -readonly [K in keyof SessionEvent]: SessionEvent[K] };
    self.id = id;
    self.seq = seq;
    self.type = type;
    self.sessionId = sessionId;
    self.runId = runId;
    self.timestamp = timestamp;
    self.provider = provider;
    self.data = data;
    self.metadata = metadata;
  }
}

// `data` as a frozen JSON object carrying every canonical key of `type`.
function canonicalData(type: EventType, data: unknown, field: string) {
  const checked = jsonObject(data, `${field}.data`);
  for (const key of canonicalKeys(type)) {
    if (!(key in checked)) invalid(`${field}.data.${key}`, `is required for ${type} events`);
  }
  return checked;
}

function build(attrs: unknown, field: string): SessionEvent {
  const a = expectObject(attrs, field);
  const type = expectOneOf(a.type, EVENT_TYPES, `${field}.type`, 'invalid_event_type');
  const id = a.id === undefined ? newId('evt') : expectString(a.id, `${field}.id`);
  const data = canonicalData(type, a.data, field);
  let timestamp: string;
  if (a.timestamp === undefined) timestamp = nowIso();
  else if (isIsoTimestamp(a.timestamp)) timestamp = a.timestamp;
  else invalid(`${field}.timestamp`, 'must be an ISO-8601 timestamp');
  const seq = a.seq === undefined ? 0 : expectInteger(a.seq, `${field}.seq`, 0);
  const sessionId = expectString(a.sessionId, `${field}.sessionId`);
  const runId = expectOptionalString(a.runId, `${field}.runId`);
  const provider = expectOptionalString(a.provider, `${field}.provider`);
  const metadata = jsonObject(a.metadata, `${field}.metadata`);
  return Object.freeze(
    new BuiltEvent(
      id,
      seq,
      type,
      sessionId,
      runId,
      timestamp,
      provider,
      data as EventData<EventType>,
      metadata,
    ),
  );
}

/** Where `buildRunEvent` events belong; its fields are checked once, by `checkRunEventSource`. */
export interface RunEventSource {
  readonly sessionId: string;
  readonly runId: string;
  readonly provider: string | null;
}

/** Validate a `RunEventSource` (non-empty ids, provider string or null). */
export function checkRunEventSource(source: RunEventSource): RunEventSource {
  return Object.freeze({
    sessionId: expectString(source.sessionId, 'source.sessionId'),
    runId: expectString(source.runId, 'source.runId'),
    provider: expectOptionalString(source.provider, 'source.provider'),
  });
}

/**
 * `SessionEvent.create` for the manager's hot path: one run's events, whose session, run and
 * provider were checked once. `type`, `data` and `metadata` are validated as `create` does.
 */
export function buildRunEvent(
  source: RunEventSource,
  type: unknown,
  data: unknown,
  metadata: unknown,
  seq: number,
): SessionEvent {
  const checkedType = expectOneOf(type, EVENT_TYPES, 'event.type', 'invalid_event_type');
  const checkedData = canonicalData(checkedType, data, 'event');
  const meta = metadata === undefined ? EMPTY_METADATA : jsonObject(metadata, 'event.metadata');
  return Object.freeze(
    new BuiltEvent(
      newId('evt'),
      seq,
      checkedType,
      source.sessionId,
      source.runId,
      nowIso(),
      source.provider,
      checkedData as EventData<EventType>,
      meta,
    ),
  );
}

const EMPTY_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

// The one place a stored event is made: the checked event with the seq its store assigned.
function withStoredSeq(e: SessionEvent, seq: number): SessionEvent {
  return Object.freeze(
    new BuiltEvent(
      e.id,
      seq,
      e.type,
      e.sessionId,
      e.runId,
      e.timestamp,
      e.provider,
      e.data,
      e.metadata,
    ),
  );
}

function validateEvent(value: unknown): SessionEvent {
  if (value instanceof BuiltEvent) return value;
  const obj = expectObject(value, 'event');
  if (obj.id === undefined) invalid('event.id', 'is required');
  if (obj.timestamp === undefined) invalid('event.timestamp', 'is required');
  return build(obj, 'event');
}

/**
 * Functions over `SessionEvent` values.
 *
 * @example
 * ```ts
 * const event = SessionEvent.create({
 *   type: 'message_sent',
 *   sessionId: session.id,
 *   data: { role: 'user', content: 'Hello' },
 * });
 * ```
 */
export const SessionEvent = {
  /**
   * A new event. `id` (time-ordered `evt_…`) and `timestamp` default to now; canonical types must carry
   * their canonical `data` keys. Bad input throws `validation_error` / `invalid_event_type`.
   */
  create<T extends EventType>(attrs: SessionEventAttrs<T>): SessionEvent<T> {
    return build(attrs, 'event') as SessionEvent<T>;
  },
  /** The same event with its store-assigned sequence number (as `stored`). */
  withSeq<T extends EventType>(event: SessionEvent<T>, seq: number): SessionEvent<T> {
    return SessionEvent.stored(event, seq) as SessionEvent<T>;
  },
  /**
   * The event as a store keeps and returns it: `event` (validated unless this package built it)
   * with the `seq` the store assigned, as one new frozen object whose payloads are shared. Every
   * store makes its stored events with this function, so a writer never needs to know the `seq` in
   * advance; whatever `seq` the input carries is ignored. A `seq` below 1 is `validation_error`.
   *
   * @example
   * ```ts
   * const stored = SessionEvent.stored(event, latestSeq + 1);
   * stored.seq; // latestSeq + 1
   * ```
   */
  stored(event: unknown, seq: number): SessionEvent {
    expectInteger(seq, 'event.seq', 1);
    return withStoredSeq(validateEvent(event), seq);
  },
  /** A plain JSON-serializable copy. */
  toJSON(event: SessionEvent): Record<string, unknown> {
    return { ...event };
  },
  /** Rebuild an event from JSON; every field is validated (`id` and `timestamp` are required). */
  fromJSON(value: unknown): SessionEvent {
    const obj = expectObject(value, 'event');
    if (obj.id === undefined) invalid('event.id', 'is required');
    if (obj.timestamp === undefined) invalid('event.timestamp', 'is required');
    return build(obj, 'event');
  },
  /**
   * `value` as a valid event: the value itself when this package built it (it is frozen, so it is
   * still valid), otherwise a validated, frozen copy (as `fromJSON`). Stores call this on input.
   */
  validate(value: unknown): SessionEvent {
    return validateEvent(value);
  },
  /** Whether `value` is an event this package built (frozen and valid as it is). */
  isBuilt(value: unknown): value is SessionEvent {
    return value instanceof BuiltEvent;
  },
  /** Whether an id looks like one `SessionEvent.create` makes. */
  isEventId(value: unknown): value is string {
    return isId(value, 'evt');
  },
};
