import type { Run } from '../../core/run.js';
import type { Session } from '../../core/session.js';
import { storeErrors } from './store-errors.js';

/** Compare-and-set of a session save: version 0 inserts, the stored version updates. */
export function assertSessionVersion(session: Session, stored: Session | undefined): void {
  if (stored === undefined) {
    if (session.version !== 0) throw storeErrors.sessionNotFound(session.id);
  } else if (session.version !== stored.version) {
    throw storeErrors.versionConflict('session', session.id, session.version, stored.version);
  }
}

/** Compare-and-set of a run save; a stored run never moves to another session. */
export function assertRunVersion(run: Run, stored: Run | undefined): void {
  if (stored === undefined) {
    if (run.version !== 0) throw storeErrors.runNotFound(run.id);
    return;
  }
  if (stored.sessionId !== run.sessionId) throw storeErrors.runMoved(run, stored.sessionId);
  if (run.version !== stored.version) {
    throw storeErrors.versionConflict('run', run.id, run.version, stored.version);
  }
}
