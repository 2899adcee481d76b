import type { Run } from '../../core/run.js';
import type { Session } from '../../core/session.js';
import { storeErrors } from './store-errors.js';

/**
 * Compare-and-set of a session save against the stored version (undefined: not stored): version 0
 * inserts, the stored version updates; anything else is `session_not_found` / `version_conflict`.
 */
export function checkSessionVersion(session: Session, storedVersion: number | undefined): void {
  if (storedVersion === undefined) {
    if (session.version !== 0) throw storeErrors.sessionNotFound(session.id);
  } else if (session.version !== storedVersion) {
    throw storeErrors.versionConflict('session', session.id, session.version, storedVersion);
  }
}

/** Compare-and-set of a run save; a stored run never moves to another session. */
export function checkRunVersion(
  run: Run,
  stored: { readonly sessionId: string; readonly version: number } | undefined,
): void {
  if (stored === undefined) {
    if (run.version !== 0) throw storeErrors.runNotFound(run.id);
    return;
  }
  if (stored.sessionId !== run.sessionId) {
    throw storeErrors.runMoved(run.id, run.sessionId, stored.sessionId);
  }
  if (run.version !== stored.version) {
    throw storeErrors.versionConflict('run', run.id, run.version, stored.version);
  }
}

/** `expectedSeq` (null: none) against the session's latest seq, for a write that adds events. */
export function checkExpectedSeq(sessionId: string, expected: number | null, actual: number): void {
  if (expected !== null && expected !== actual) {
    throw storeErrors.seqConflict(sessionId, expected, actual);
  }
}
