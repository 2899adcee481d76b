import type { SqliteDatabase, SqliteStatement } from './driver.js';

const SESSION_COLUMNS =
  'id, agent_id, status, parent_session_id, provider_session_id, context, metadata, tags, created_at, created_ms, updated_at, version';
const RUN_COLUMNS =
  'id, session_id, status, input, output, error, metadata, turn_count, token_usage, cost_usd, owner, heartbeat_at, created_at, started_at, ended_at, version';
const EVENT_COLUMNS = 'session_id, seq, id, type, run_id, timestamp, provider, data, metadata';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
// `SET a = ?, b = ? …` over every column but the id, then `WHERE id = ? AND version = ?`.
const assignments = (columns: string) =>
  columns
    .split(', ')
    .slice(1)
    .map((c) => `${c} = ?`)
    .join(', ');

/** The statements the store runs, prepared once per connection. */
export function prepareStatements(db: SqliteDatabase) {
  const p = (sql: string): SqliteStatement => db.prepare(sql);
  return {
    begin: p('BEGIN IMMEDIATE'),
    commit: p('COMMIT'),
    rollback: p('ROLLBACK'),
    savepoint: p('SAVEPOINT call'),
    release: p('RELEASE call'),
    rollbackTo: p('ROLLBACK TO call'),

    insertSession: p(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (${marks(12)})`),
    // Parameters: the row without its id, then id and expected version (compare-and-set).
    updateSession: p(
      `UPDATE sessions SET ${assignments(SESSION_COLUMNS)} WHERE id = ? AND version = ?`,
    ),
    // The same, when the stored tags are the given ones (last parameter): the tag rows stay.
    updateSessionSameTags: p(
      `UPDATE sessions SET ${assignments(SESSION_COLUMNS)} WHERE id = ? AND version = ? AND tags = ?`,
    ),
    sessionVersion: p('SELECT version FROM sessions WHERE id = ?'),
    getSession: p(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`),
    deleteSession: p('DELETE FROM sessions WHERE id = ?'),
    insertTag: p('INSERT OR IGNORE INTO session_tags (tag, session_id) VALUES (?, ?)'),
    deleteTags: p('DELETE FROM session_tags WHERE session_id = ?'),

    insertRun: p(`INSERT INTO runs (${RUN_COLUMNS}) VALUES (${marks(16)})`),
    updateRun: p(`UPDATE runs SET ${assignments(RUN_COLUMNS)} WHERE id = ? AND version = ?`),
    runHead: p('SELECT session_id, version, status FROM runs WHERE id = ?'),
    runStatus: p('SELECT status FROM runs WHERE id = ?'),
    getRun: p(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    activeRun: p(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE session_id = ? AND status = 'running' ORDER BY id LIMIT 1`,
    ),

    insertEvent: p(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (${marks(9)})`),
    eventById: p(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`),
    // Whether the session exists, and its latest seq (0 without events): one statement, two seeks.
    sessionHead: p(
      'SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ?) AS present, (SELECT MAX(seq) FROM events WHERE session_id = ?) AS last',
    ),
    // One current copy per session and provider: a save replaces it.
    saveProviderFile: p(
      'INSERT INTO provider_files (session_id, provider, name, data, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, provider) DO UPDATE SET name = excluded.name, data = excluded.data, updated_at = excluded.updated_at',
    ),
    getProviderFile: p(
      'SELECT name, data, updated_at FROM provider_files WHERE session_id = ? AND provider = ?',
    ),
    eventsAfter: p(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;

export { EVENT_COLUMNS, RUN_COLUMNS, SESSION_COLUMNS };
