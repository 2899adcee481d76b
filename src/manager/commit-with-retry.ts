import { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { CommitResult } from '../core/store-queries.js';
import type { SessionStore } from '../ports/session-store.js';

const MAX_ATTEMPTS = 8;

/** What to write for the session as it is now (called again after a session `version_conflict`). */
export type SessionWrite = (session: Session) => {
  session?: Session | undefined;
  run?: Run | undefined;
  events: readonly SessionEvent[];
};

/** Options of `commitWithSessionRetry`. */
export interface SessionRetryOptions {
  /** The session as the caller last read it: the first attempt builds on it without a read. */
  readonly known?: Session | undefined;
  /**
   * Called when the commit's run is no longer the stored one (another writer changed it, or the
   * store refused it because it is terminal); its result or throw ends the commit. Default: throw.
   */
  readonly onStaleRun?: (
    stored: Run,
    error: AgentSessionError,
  ) => CommitResult | Promise<CommitResult>;
}

function isRefusal(error: unknown): error is AgentSessionError {
  return (
    AgentSessionError.isInstance(error) &&
    (error.code === 'version_conflict' || error.code === 'invalid_status')
  );
}

/**
 * Build a commit from the session as it is, and write it. A `version_conflict` on the session
 * (another writer changed it meanwhile) re-reads it and tries again, so status changes never lose
 * a race; a conflict on the commit's run is not retried (it would fail again): `onStaleRun` gets
 * the stored run instead.
 */
export async function commitWithSessionRetry(
  store: SessionStore,
  sessionId: string,
  write: SessionWrite,
  options: SessionRetryOptions = {},
): Promise<CommitResult> {
  let current = options.known;
  for (let attempt = 1; ; attempt++) {
    current ??= await store.getSession(sessionId);
    const request = write(current);
    try {
      return await store.commit(sessionId, {
        events: request.events,
        ...(request.session === undefined ? {} : { session: request.session }),
        ...(request.run === undefined ? {} : { run: request.run }),
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      if (request.run !== undefined) {
        const stored = await store.getRun(request.run.id);
        if (stored.version !== request.run.version || error.code === 'invalid_status') {
          if (options.onStaleRun === undefined) throw error;
          return options.onStaleRun(stored, error);
        }
      }
      if (error.code !== 'version_conflict' || request.session === undefined) throw error;
      if (attempt >= MAX_ATTEMPTS) throw error;
      current = undefined;
    }
  }
}
