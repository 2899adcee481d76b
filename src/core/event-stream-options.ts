import { EVENT_TYPES } from './event-types.js';
import { SessionEvent } from './session-event.js';
import {
  expectInteger,
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  invalid,
  isPlainObject,
  typeName,
} from './validate.js';

/** Default bound of an `EventStream`'s buffer, in events. */
export const DEFAULT_MAX_BUFFER_SIZE = 1000;

/** Options of `EventStream.create`. */
export interface EventStreamOptions {
  /** How many events the buffer keeps; past it the oldest are evicted. Default 1000. */
  maxBufferSize?: number;
  /** When set, every pushed event must belong to this session (and run, when `runId` is given). */
  context?: { sessionId?: string; runId?: string | null };
}

/** Counters of an `EventStream` (`stats()`); the n-th event ever pushed is at position n - 1. */
export interface EventStreamStats {
  /** Events buffered now. */
  size: number;
  /** The cursor: events read or skipped so far, evicted unread ones included. */
  position: number;
  /** Events ever pushed. */
  totalPushed: number;
  /** Events evicted to respect the bound. */
  evictedCount: number;
  /** Evicted events that had not been read. */
  droppedCount: number;
}

/** What pushed events must match (`null` / `undefined`: anything). */
export interface StreamContext {
  sessionId: string | null;
  runId: string | null | undefined;
}

/** The `context` option, checked. */
export function checkStreamContext(value: unknown): StreamContext {
  if (value === undefined) return { sessionId: null, runId: undefined };
  const ctx = expectObject(value, 'options.context');
  return {
    sessionId: expectOptionalString(ctx.sessionId, 'options.context.sessionId'),
    runId:
      ctx.runId === undefined
        ? undefined
        : expectOptionalString(ctx.runId, 'options.context.runId'),
  };
}

/** `event` as a pushed event: an event-shaped object of the stream's session and run. */
export function checkStreamEvent(event: unknown, field: string, ctx: StreamContext): SessionEvent {
  if (!isPlainObject(event) && !SessionEvent.isBuilt(event)) {
    invalid(field, `must be an event object, got ${typeName(event)}`);
  }
  const e = event as Record<string, unknown>;
  expectString(e.id, `${field}.id`);
  expectOneOf(e.type, EVENT_TYPES, `${field}.type`, 'invalid_event_type');
  expectInteger(e.seq, `${field}.seq`, 0);
  const sessionId = expectString(e.sessionId, `${field}.sessionId`);
  const runId = expectOptionalString(e.runId, `${field}.runId`);
  if (ctx.sessionId !== null && sessionId !== ctx.sessionId) {
    invalid(`${field}.sessionId`, `does not match the stream's session ${ctx.sessionId}`);
  }
  if (ctx.runId !== undefined && runId !== ctx.runId) {
    invalid(`${field}.runId`, `does not match the stream's run ${String(ctx.runId)}`);
  }
  return event as unknown as SessionEvent;
}
