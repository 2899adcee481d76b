import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { storeErrors } from '../kit/store-errors.js';
import { runParams, SESSION_TAGS_PARAM, sessionParams } from './rows.js';
import { isUniqueViolation, sessionNotFound } from './sqlite-errors.js';
import type { Statements } from './statements.js';

const conflict = storeErrors.versionConflict;

// `UPDATE … SET <every column but id> WHERE id = ? AND version = ?` takes the row without its id.
function updateParams(row: unknown[], expectedVersion: number): unknown[] {
  return [...row.slice(1), row[0], expectedVersion];
}

/**
 * Insert (version 0) or compare-and-set update a session inside the current transaction, with its
 * tag rows. Returns the stored value: the new version, `updatedAt` set to the time of the save.
 */
export function saveSessionInTransaction(sql: Statements, session: Session): Session {
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
  } else {
    const params = updateParams(row, session.version);
    // Most saves keep the tags. When the stored `tags` column equals the new one, the tag rows
    // (always written with it) are already right: one statement, no delete and re-insert.
    const tags = row[SESSION_TAGS_PARAM];
    if (sql.updateSessionSameTags.run(...params, tags).changes === 1) return saved;
    if (sql.updateSession.run(...params).changes === 0) {
      const stored = sql.sessionVersion.get(session.id) as { version: number } | undefined;
      if (stored === undefined) throw sessionNotFound(session.id);
      throw conflict('session', session.id, session.version, stored.version);
    }
    sql.deleteTags.run(session.id);
  }
  for (const tag of session.tags) sql.insertTag.run(tag, session.id);
  return saved;
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
export function saveRunInTransaction(sql: Statements, run: Run, head: RunHead | undefined): Run {
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
  } else if (sql.updateRun.run(...updateParams(row, run.version)).changes === 0) {
    throw conflict('run', run.id, run.version, head.version);
  }
  return Run.stored(run, version);
}
