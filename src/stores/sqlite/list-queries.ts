import { encodeCursor } from '../../core/cursor.js';
import type {
  CheckedReadOptions,
  CheckedRunsFilter,
  CheckedSessionsFilter,
} from '../../core/store-query-checks.js';
import type { Page } from '../../ports/page.js';
import type { SqliteDatabase, SqliteStatement } from './driver.js';
import { EVENT_COLUMNS, RUN_COLUMNS, SESSION_COLUMNS } from './statements.js';

/** A query: SQL text and its parameters. */
export interface Query {
  readonly sql: string;
  readonly params: unknown[];
}

/** A page of at most `limit` items from `limit + 1` rows; the extra row means there is a next page. */
export function page<T extends { id: string }>(items: T[], limit: number): Page<T> {
  const more = items.length > limit;
  if (more) items.length = limit;
  const last = items[items.length - 1];
  return Object.freeze({
    items: Object.freeze(items),
    nextCursor: more && last !== undefined ? encodeCursor(last.id) : null,
  });
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function where(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

/**
 * `listSessions` as keyset pagination by id. It asks for one row more than the page, to know whether
 * there is a next page. The tag filter goes through the `session_tags (tag, session_id)` key.
 */
export function sessionsQuery(f: CheckedSessionsFilter): Query {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (f.statuses !== null) {
    conditions.push(`status IN (${marks(f.statuses.length)})`);
    params.push(...f.statuses);
  }
  if (f.agentId !== null) {
    conditions.push('agent_id = ?');
    params.push(f.agentId);
  }
  if (f.tag !== null) {
    conditions.push('id IN (SELECT session_id FROM session_tags WHERE tag = ?)');
    params.push(f.tag);
  }
  if (f.createdAfter !== null) {
    conditions.push('created_ms >= ?');
    params.push(Date.parse(f.createdAfter));
  }
  if (f.createdBefore !== null) {
    conditions.push('created_ms < ?');
    params.push(Date.parse(f.createdBefore));
  }
  if (f.afterId !== null) {
    conditions.push('id > ?');
    params.push(f.afterId);
  }
  params.push(f.limit + 1);
  return {
    sql: `SELECT ${SESSION_COLUMNS} FROM sessions${where(conditions)} ORDER BY id LIMIT ?`,
    params,
  };
}

/** `listRuns` (with a session id) or `findRuns` (without), keyset-paginated by id. */
export function runsQuery(sessionId: string | null, f: CheckedRunsFilter): Query {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (sessionId !== null) {
    conditions.push('session_id = ?');
    params.push(sessionId);
  }
  if (f.statuses !== null) {
    conditions.push(`status IN (${marks(f.statuses.length)})`);
    params.push(...f.statuses);
  }
  if (f.owner !== null) {
    conditions.push('owner = ?');
    params.push(f.owner);
  }
  if (f.afterId !== null) {
    conditions.push('id > ?');
    params.push(f.afterId);
  }
  params.push(f.limit + 1);
  return { sql: `SELECT ${RUN_COLUMNS} FROM runs${where(conditions)} ORDER BY id LIMIT ?`, params };
}

/** `readEvents` with a run or type filter (the plain cursor read has its own prepared statement). */
export function eventsQuery(sessionId: string, o: CheckedReadOptions): Query {
  // With a run, `+session_id` keeps the planner on the (run_id, seq) index instead of scanning the
  // session's whole tail through the primary key.
  const conditions = [o.runId === null ? 'session_id = ?' : '+session_id = ?'];
  const params: unknown[] = [sessionId];
  if (o.runId !== null) {
    conditions.push('run_id = ?');
    params.push(o.runId);
  }
  conditions.push('seq > ?');
  params.push(o.after);
  if (o.types !== null) {
    conditions.push(`type IN (${marks(o.types.length)})`);
    params.push(...o.types);
  }
  params.push(o.limit ?? -1);
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events${where(conditions)} ORDER BY seq LIMIT ?`,
    params,
  };
}

const MAX_CACHED = 200;

/** Prepared statements of the dynamic queries, by SQL text (a few dozen shapes at most). */
export class StatementCache {
  readonly #db: SqliteDatabase;
  readonly #cache = new Map<string, SqliteStatement>();

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  all(query: Query): unknown[] {
    let statement = this.#cache.get(query.sql);
    if (statement === undefined) {
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
      statement = this.#db.prepare(query.sql);
      this.#cache.set(query.sql, statement);
    }
    return statement.all(...query.params);
  }
}
