import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { storeErrors } from '../kit/store-errors.js';
import type { ChangedColumnUpdates } from './changed-columns.js';
import { runParams, SESSION_TAGS_PARAM, sessionParams } from './rows.js';
import { isUniqueViolation, sessionNotFound } from './sqlite-errors.js';
import type { Statements } from './statements.js';

const conflict = storeErrors.versionConflict;

// `UPDATE … SET <every column but id> WHERE id = ? AND version = ?` takes the row without its id.
function updateParams(row: unknown[], expectedVersion: number): unknown[] {
  return [...row.slice(1), row[0], expectedVersion];
}

/** The rows this connection last wrote or read, for updates of the changed columns only. */
export interface KnownRows {
  readonly sessions: ChangedColumnUpdates;
  readonly runs: ChangedColumnUpdates;
}

/**
 * Insert (version 0) or compare-and-set update a session inside the current transaction, with its
 * tag rows. Returns the stored value: the new version, `updatedAt` set to the time of the save.
 */
export function saveSessionInTransaction(sql: Statements, known: KnownRows, session: Session) {
  const version = session.version + 1;
  const saved = Session.stored(session, version);
  const row = sessionParams(saved, version);
  if (session.version === 0) {
    try {
      sql.insertSession.run(...row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const stored = sql.sessionVersion.get(session.id) as { version: number };
      throw conflict('session', session.id, 0, stored.version);
    }
    insertTags(sql, session);
  } else if (updateSession(sql, known, row, session.version)) {
    sql.deleteTags.run(session.id);
    insertTags(sql, session);
  }
  known.sessions.remember(row);
  return saved;
}

// The compare-and-set update of a stored session; whether its tags changed (then the caller
// rewrites the tag rows, which are always written with the `tags` column).
function updateSession(sql: Statements, known: KnownRows, row: unknown[], expected: number) {
  const mask = known.sessions.update(row, expected);
  if (mask !== null) return (mask & (1 << SESSION_TAGS_PARAM)) !== 0;
  const params = updateParams(row, expected);
  // Most saves keep the tags: when the stored `tags` column equals the new one, one statement.
  if (sql.updateSessionSameTags.run(...params, row[SESSION_TAGS_PARAM]).changes === 1) return false;
  if (sql.updateSession.run(...params).changes === 1) return true;
  const id = row[0] as string;
  const stored = sql.sessionVersion.get(id) as { version: number } | undefined;
  if (stored === undefined) throw sessionNotFound(id);
  throw conflict('session', id, expected, stored.version);
}

function insertTags(sql: Statements, session: Session): void {
  for (const tag of session.tags) sql.insertTag.run(tag, session.id);
}

/** What the store holds of a run before a save: its session, version and status. */
export interface RunHead {
  readonly session_id: string;
  readonly version: number;
  readonly status: string;
}

/** The stored head of a run (undefined: not stored), read inside the current transaction. */
export function readRunHead(sql: Statements, runId: string): RunHead | undefined {
  return sql.runHead.get(runId) as RunHead | undefined;
}

/**
 * Insert (version 0) or compare-and-set update a run of an existing session inside the current
 * transaction; `head` is the run as stored, read in this transaction (`readRunHead`). A missing
 * session throws `session_not_found`; updating a run that is not stored throws `run_not_found`; a
 * run cannot move to another session (`validation_error`).
 */
export function saveRunInTransaction(
  sql: Statements,
  known: KnownRows,
  run: Run,
  head: RunHead | undefined,
): Run {
  // A run stored in this session proves the session is there (foreign key, cascading delete).
  if (head === undefined || head.session_id !== run.sessionId) {
    if (sql.sessionVersion.get(run.sessionId) === undefined) throw sessionNotFound(run.sessionId);
  }
  const version = run.version + 1;
  const row = runParams(run, version);
  if (head !== undefined && head.session_id !== run.sessionId) {
    throw storeErrors.runMoved(run.id, run.sessionId, head.session_id);
  }
  if (run.version === 0) {
    if (head !== undefined) throw conflict('run', run.id, 0, head.version);
    sql.insertRun.run(...row);
  } else if (head === undefined) {
    throw storeErrors.runNotFound(run.id);
  } else if (
    known.runs.update(row, run.version) === null &&
    sql.updateRun.run(...updateParams(row, run.version)).changes === 0
  ) {
    throw conflict('run', run.id, run.version, head.version);
  }
  known.runs.remember(row);
  return Run.stored(run, version);
}
