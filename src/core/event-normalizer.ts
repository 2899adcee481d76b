import { resolveRawType } from './event-type-mapping.js';
import { EVENT_TYPES, type EventType } from './event-types.js';
import { buildEventData, buildMetadata } from './raw-event-data.js';
import { SessionEvent } from './session-event.js';
import {
  expectInteger,
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  invalid,
  jsonObject,
  typeName,
} from './validate.js';

/** Where raw events come from: the session (required), and optionally the run and provider. */
export interface NormalizeContext {
  sessionId: string;
  runId?: string | null;
  provider?: string | null;
}

/** Options of `EventNormalizer.normalizeBatch`. */
export interface NormalizeBatchOptions {
  /** The `seq` of the first event (default 1); the others follow without gaps. */
  startSeq?: number;
}

interface CheckedContext {
  sessionId: string;
  runId: string | null;
  provider: string | null;
}

function checkContext(context: unknown): CheckedContext {
  const ctx = expectObject(context, 'context');
  return {
    sessionId: expectString(ctx.sessionId, 'context.sessionId'),
    runId: expectOptionalString(ctx.runId, 'context.runId'),
    provider: expectOptionalString(ctx.provider, 'context.provider'),
  };
}

function normalizeOne(raw: unknown, ctx: CheckedContext, field: string, seq: number) {
  expectObject(raw, field);
  // A frozen JSON copy: rejects cycles, functions and the like, and shields us from later mutation.
  const copy = jsonObject(raw, field);
  const resolved = resolveRawType(copy);
  return SessionEvent.create({
    type: resolved.type,
    sessionId: ctx.sessionId,
    runId: ctx.runId,
    provider: ctx.provider,
    seq,
    data: buildEventData(copy, resolved, ctx.provider),
    metadata: buildMetadata(copy),
  });
}

function expectArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) invalid(field, `must be an array, got ${typeName(value)}`);
  return value;
}

const timeOf = (event: SessionEvent) => {
  const ms = Date.parse(event.timestamp);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};

const cmp = <T extends number | string>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

/** Stored events (`seq` > 0) first by `seq`; then by time, then by timestamp text, then by id. */
function compareEvents(a: SessionEvent, b: SessionEvent): number {
  const aSeq = a.seq > 0;
  const bSeq = b.seq > 0;
  if (aSeq !== bSeq) return aSeq ? -1 : 1;
  return (
    (aSeq ? cmp(a.seq, b.seq) : 0) ||
    cmp(timeOf(a), timeOf(b)) ||
    cmp(a.timestamp, b.timestamp) ||
    cmp(a.id, b.id)
  );
}

/**
 * Raw provider events → canonical `SessionEvent`s, plus deterministic ordering and filters.
 *
 * @example
 * ```ts
 * const event = EventNormalizer.normalize(
 *   { type: 'content_block_delta', delta: { text: 'hi' } },
 *   { sessionId: session.id, runId: run.id, provider: 'claude' },
 * );
 * event.type; // 'message_streamed'
 * event.data.delta; // 'hi'
 * ```
 */
export const EventNormalizer = {
  /**
   * One raw provider event (a plain JSON object) as a canonical event. The type comes from the
   * raw `type`/`event` string, else from its keys, else it is `error_occurred` with
   * `data.originalType`; `data` holds the canonical keys of that type and the raw event under
   * `raw`. A raw value that is not JSON object data, or a context without a `sessionId`, throws
   * `validation_error`.
   */
  normalize(raw: unknown, context: NormalizeContext): SessionEvent {
    return normalizeOne(raw, checkContext(context), 'raw', 0);
  },

  /**
   * Raw events as canonical events numbered `startSeq`, `startSeq + 1`, … in input order. All or
   * nothing: the first invalid raw event throws (naming `raws[i]`) and no event is returned.
   */
  normalizeBatch(
    raws: readonly unknown[],
    context: NormalizeContext,
    options: NormalizeBatchOptions = {},
  ): SessionEvent[] {
    const list = expectArray(raws, 'raws');
    const ctx = checkContext(context);
    const opts = expectObject(options, 'options');
    const start =
      opts.startSeq === undefined ? 1 : expectInteger(opts.startSeq, 'options.startSeq', 1);
    return list.map((raw, i) => normalizeOne(raw, ctx, `raws[${i}]`, start + i));
  },

  /**
   * A sorted copy: stored events (`seq` > 0) first, by `seq`; the rest after them; ties broken by
   * timestamp, then id. The result does not depend on the input order (ids are unique).
   */
  sortEvents<E extends SessionEvent>(events: readonly E[]): E[] {
    return [...(expectArray(events, 'events') as readonly E[])].sort(compareEvents);
  },

  /** The events of one run (`null`: the events outside any run), in input order. */
  filterByRun<E extends SessionEvent>(events: readonly E[], runId: string | null): E[] {
    const id = expectOptionalString(runId, 'runId');
    return (expectArray(events, 'events') as E[]).filter((event) => event.runId === id);
  },

  /** The events of one session, in input order. */
  filterBySession<E extends SessionEvent>(events: readonly E[], sessionId: string): E[] {
    const id = expectString(sessionId, 'sessionId');
    return (expectArray(events, 'events') as E[]).filter((event) => event.sessionId === id);
  },

  /** The events of one type or of any of a list of types, in input order. */
  filterByType<E extends SessionEvent>(
    events: readonly E[],
    types: EventType | readonly EventType[],
  ): E[] {
    const check = (type: unknown, field: string) =>
      expectOneOf(type, EVENT_TYPES, field, 'invalid_event_type');
    const wanted = new Set<string>(
      Array.isArray(types)
        ? types.map((type: unknown, i) => check(type, `types[${i}]`))
        : [check(types, 'types')],
    );
    return (expectArray(events, 'events') as E[]).filter((event) => wanted.has(event.type));
  },
};
