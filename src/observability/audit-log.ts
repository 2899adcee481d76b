import {
  EVENT_TYPES,
  EVENT_TYPES_BY_GROUP,
  type EventGroup,
  type EventType,
} from '../core/event-types.js';
import type { SessionEvent } from '../core/session-event.js';
import { MAX_READ_LIMIT } from '../core/store-query-checks.js';
import {
  expectInteger,
  expectObject,
  expectOneOf,
  expectString,
  invalid,
} from '../core/validate.js';
import type { SessionStore } from '../ports/session-store.js';

/** Filter of {@link getAuditLog}. All given conditions apply together; `types` and `groups` add up. */
export interface AuditLogFilter {
  /** Only events with `seq` greater than this (default 0: from the start). */
  after?: number;
  /** At most this many events, 1 to 10,000 (default: all). */
  limit?: number;
  /** Only the events of this run. */
  runId?: string;
  /** Only events of these types (together with those of `groups`). */
  types?: readonly EventType[];
  /** Only events of these groups (`session`, `run`, `message`, `tool`, `error`, `usage`). */
  groups?: readonly EventGroup[];
}

const GROUPS = Object.keys(EVENT_TYPES_BY_GROUP) as EventGroup[];
const KEYS = new Set(['after', 'limit', 'runId', 'types', 'groups']);

function listOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T[] {
  if (!Array.isArray(value)) invalid(field, `must be an array of ${field.split('.').pop()}`);
  if (value.length === 0) invalid(field, 'must name at least one entry');
  const code = field.endsWith('types') ? 'invalid_event_type' : 'validation_error';
  return value.map((v, i) => expectOneOf(v, allowed, `${field}[${i}]`, code));
}

function typesOf(f: Record<string, unknown>): EventType[] | undefined {
  if (f.types === undefined && f.groups === undefined) return undefined;
  const types = new Set<EventType>();
  if (f.types !== undefined)
    for (const t of listOf(f.types, EVENT_TYPES, 'filter.types')) types.add(t);
  if (f.groups !== undefined) {
    for (const g of listOf(f.groups, GROUPS, 'filter.groups')) {
      for (const t of EVENT_TYPES_BY_GROUP[g]) types.add(t);
    }
  }
  return [...types];
}

/**
 * A session's audit log: its append-only event log, in `seq` order, optionally narrowed to a run,
 * event types and/or groups, and paged with `after` / `limit`. A bad filter throws
 * `validation_error` (or `invalid_event_type`) naming the field; a missing session throws
 * `session_not_found`.
 *
 * @example
 * ```ts
 * const toolTrail = await getAuditLog(store, session.id, { groups: ['tool', 'error'] });
 * const next = await getAuditLog(store, session.id, { after: toolTrail.at(-1)?.seq ?? 0, limit: 100 });
 * ```
 */
export async function getAuditLog(
  store: SessionStore,
  sessionId: string,
  filter?: AuditLogFilter,
): Promise<SessionEvent[]> {
  expectString(sessionId, 'sessionId');
  const f = filter === undefined ? {} : expectObject(filter, 'filter');
  for (const key of Object.keys(f)) {
    if (!KEYS.has(key)) invalid(`filter.${key}`, `is not a filter; use ${[...KEYS].join(', ')}`);
  }
  const after = f.after === undefined ? 0 : expectInteger(f.after, 'filter.after', 0);
  let limit: number | undefined;
  if (f.limit !== undefined) {
    limit = expectInteger(f.limit, 'filter.limit', 1);
    if (limit > MAX_READ_LIMIT) invalid('filter.limit', `must be at most ${MAX_READ_LIMIT}`);
  }
  const runId = f.runId === undefined ? undefined : expectString(f.runId, 'filter.runId');
  const types = typesOf(f);
  return store.readEvents(sessionId, {
    after,
    ...(limit === undefined ? {} : { limit }),
    ...(runId === undefined ? {} : { runId }),
    ...(types === undefined ? {} : { types }),
  });
}
