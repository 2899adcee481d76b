import { isIsoTimestamp } from './clock.js';
import { decodeCursor } from './cursor.js';
import { EVENT_TYPES, type EventType } from './event-types.js';
import { RUN_STATUSES, type RunStatus } from './run-status.js';
import { SESSION_STATUSES, type SessionStatus } from './session-status.js';
import type {
  AppendOptions,
  FindRunsFilter,
  ListRunsFilter,
  ListSessionsFilter,
  ReadEventsOptions,
} from './store-queries.js';
import { expectInteger, expectObject, expectOneOf, expectString, invalid } from './validate.js';

/** Largest page a listing returns. */
export const MAX_PAGE_SIZE = 1000;
/** Page size when none is given. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest `limit` of `readEvents`. */
export const MAX_READ_LIMIT = 10_000;

/** A validated `listSessions` filter: statuses as a list, the cursor decoded to an id. */
export interface CheckedSessionsFilter {
  statuses: readonly SessionStatus[] | null;
  agentId: string | null;
  tag: string | null;
  createdAfter: string | null;
  createdBefore: string | null;
  limit: number;
  afterId: string | null;
}

/** A validated `listRuns` / `findRuns` filter. */
export interface CheckedRunsFilter {
  statuses: readonly RunStatus[] | null;
  owner: string | null;
  limit: number;
  afterId: string | null;
}

/** Validated `readEvents` options. */
export interface CheckedReadOptions {
  after: number;
  limit: number | null;
  runId: string | null;
  types: readonly EventType[] | null;
}

function optionsObject(value: unknown, field: string): Record<string, unknown> {
  return value === undefined ? {} : expectObject(value, field);
}

function statusesOf<T extends string>(value: unknown, allowed: readonly T[], field: string) {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) invalid(field, 'must name at least one status');
  return Object.freeze(list.map((s, i) => expectOneOf(s, allowed, `${field}[${i}]`)));
}

function pageSize(value: unknown, field: string): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const n = expectInteger(value, field, 1);
  if (n > MAX_PAGE_SIZE) invalid(field, `must be at most ${MAX_PAGE_SIZE}`);
  return n;
}

function timeOf(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (!isIsoTimestamp(value)) invalid(field, 'must be an ISO-8601 timestamp');
  return new Date(value).toISOString();
}

function optional(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : expectString(value, field);
}

/** Validate a `listSessions` filter; bad input throws `validation_error` / `invalid_cursor`. */
export function checkSessionsFilter(filter: ListSessionsFilter | undefined): CheckedSessionsFilter {
  const f = optionsObject(filter, 'filter');
  return {
    statuses: statusesOf(f.status, SESSION_STATUSES, 'filter.status'),
    agentId: optional(f.agentId, 'filter.agentId'),
    tag: optional(f.tag, 'filter.tag'),
    createdAfter: timeOf(f.createdAfter, 'filter.createdAfter'),
    createdBefore: timeOf(f.createdBefore, 'filter.createdBefore'),
    limit: pageSize(f.limit, 'filter.limit'),
    afterId: f.cursor === undefined ? null : decodeCursor(f.cursor, 'filter.cursor'),
  };
}

/** Validate a `listRuns` or `findRuns` filter. */
export function checkRunsFilter(filter: ListRunsFilter | FindRunsFilter | undefined) {
  const f = optionsObject(filter, 'filter');
  const checked: CheckedRunsFilter = {
    statuses: statusesOf(f.status, RUN_STATUSES, 'filter.status'),
    owner: optional(f.owner, 'filter.owner'),
    limit: pageSize(f.limit, 'filter.limit'),
    afterId: f.cursor === undefined ? null : decodeCursor(f.cursor, 'filter.cursor'),
  };
  return checked;
}

/** Validate `readEvents` options. */
export function checkReadOptions(options: ReadEventsOptions | undefined): CheckedReadOptions {
  const o = optionsObject(options, 'options');
  let limit: number | null = null;
  if (o.limit !== undefined) {
    limit = expectInteger(o.limit, 'options.limit', 1);
    if (limit > MAX_READ_LIMIT) invalid('options.limit', `must be at most ${MAX_READ_LIMIT}`);
  }
  let types: readonly EventType[] | null = null;
  if (o.types !== undefined) {
    if (!Array.isArray(o.types)) invalid('options.types', 'must be an array of event types');
    types = Object.freeze(
      o.types.map((t, i) =>
        expectOneOf(t, EVENT_TYPES, `options.types[${i}]`, 'invalid_event_type'),
      ),
    );
  }
  return {
    after: o.after === undefined ? 0 : expectInteger(o.after, 'options.after', 0),
    limit,
    runId: optional(o.runId, 'options.runId'),
    types,
  };
}

/** Validate `appendEvents` options: the expected latest `seq`, or null. */
export function checkExpectedSeq(options: AppendOptions | undefined): number | null {
  const o = optionsObject(options, 'options');
  return o.expectedSeq === undefined
    ? null
    : expectInteger(o.expectedSeq, 'options.expectedSeq', 0);
}
