import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import { expectInteger, expectObject, invalid } from '../../core/validate.js';
import { prepareEvents } from './append-events.js';

/** A `commit` request validated before it is queued: nothing invalid reaches the transaction. */
export interface CheckedCommit {
  readonly events: readonly SessionEvent[];
  readonly expectedSeq: number | null;
  readonly session: Session | null;
  readonly run: Run | null;
}

/**
 * Validate a `commit(sessionId, request)`: its events must be events of that session, and the
 * session and run (if any) that session and one of its runs. Throws `validation_error`.
 */
export function checkCommit(sessionId: string, request: unknown): CheckedCommit {
  const r = expectObject(request, 'request');
  const events = prepareEvents(sessionId, r.events ?? [], 'request.events');
  const expectedSeq =
    r.expectedSeq === undefined ? null : expectInteger(r.expectedSeq, 'request.expectedSeq', 0);
  const session = r.session == null ? null : Session.fromJSON(r.session);
  if (session !== null && session.id !== sessionId) {
    invalid('request.session.id', `must be the session committed to (${sessionId})`);
  }
  const run = r.run == null ? null : Run.fromJSON(r.run);
  if (run !== null && run.sessionId !== sessionId) {
    invalid('request.run.sessionId', `must be the session committed to (${sessionId})`);
  }
  return { events, expectedSeq, session, run };
}
