import type { Run } from '../../core/run.js';
import type { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import { expectInteger, expectObject, invalid } from '../../core/validate.js';
import { checkEventBatch } from './event-batch.js';
import { checkRun, checkSession } from './values.js';

/** A `commit` request checked before anything is written. */
export interface CheckedCommit {
  readonly events: readonly SessionEvent[];
  readonly expectedSeq: number | null;
  readonly session: Session | null;
  readonly run: Run | null;
  /** The session has version 0: the commit creates it (`already_exists` if it is stored). */
  readonly creates: boolean;
}

/**
 * Validate `commit(sessionId, request)` without the store's state: its events must be events of
 * that session, and the session and run (if any) that session and one of its runs. Throws
 * `validation_error` / `invalid_event_type` naming the field (`request.events[0].type …`).
 *
 * What the store checks then, in its write transaction, in this order: the session (stored; or,
 * when `creates`, not stored), its version, the run's version, then the events (stored ids, ended
 * runs) and `expectedSeq`.
 */
export function checkCommitRequest(sessionId: string, request: unknown): CheckedCommit {
  const r = expectObject(request, 'request');
  const events = checkEventBatch(sessionId, r.events ?? [], 'request.events');
  const expectedSeq =
    r.expectedSeq === undefined ? null : expectInteger(r.expectedSeq, 'request.expectedSeq', 0);
  const session = r.session == null ? null : checkSession(r.session, 'request.session');
  if (session !== null && session.id !== sessionId) {
    invalid('request.session.id', `must be ${sessionId}, the session committed to`);
  }
  const run = r.run == null ? null : checkRun(r.run, 'request.run');
  if (run !== null && run.sessionId !== sessionId) {
    invalid('request.run.sessionId', `must be ${sessionId}, the session committed to`);
  }
  return { events, expectedSeq, session, run, creates: session !== null && session.version === 0 };
}
