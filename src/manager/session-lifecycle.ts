import { AgentSessionError } from '../core/agent-session-error.js';
import type { EventType } from '../core/event-types.js';
import type { Run } from '../core/run.js';
import { Session, type SessionAttrs } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import type { SessionStatus } from '../core/session-status.js';
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

/**
 * A new pending session stored together with its `session_created` event (seq 1) in one atomic
 * commit: either both are stored or neither is.
 */
export async function createSession(
  store: SessionStore,
  attrs: SessionAttrs,
): Promise<{ session: Session; events: readonly SessionEvent[] }> {
  const session = Session.create({ ...attrs, status: 'pending', version: 0 });
  const event = SessionEvent.create({
    type: 'session_created',
    sessionId: session.id,
    data: { agentId: session.agentId, parentSessionId: session.parentSessionId },
  });
  const result = await store.commit(session.id, { session, events: [event], expectedSeq: 0 });
  return { session: result.session as Session, events: result.events };
}

const EVENT_OF: Record<Exclude<SessionStatus, 'pending'>, EventType> = {
  active: 'session_started',
  paused: 'session_paused',
  completed: 'session_completed',
  failed: 'session_failed',
  cancelled: 'session_cancelled',
};

/** One requested status change of a session. */
export interface SessionTransition {
  readonly to: Exclude<SessionStatus, 'pending'>;
  /** Statuses the change may start from (others throw `invalid_transition`). */
  readonly from: readonly SessionStatus[];
  readonly data?: Record<string, unknown>;
  /** Override the event type (resume is a move to active from paused). */
  readonly eventType?: EventType;
}

/** Change a session's status and store its `session_*` event in the same commit. */
export async function transitionSession(
  store: SessionStore,
  sessionId: string,
  change: SessionTransition,
): Promise<CommitResult> {
  return commitWithSessionRetry(store, sessionId, (session) => {
    if (!change.from.includes(session.status)) {
      throw new AgentSessionError(
        'invalid_transition',
        `cannot move session ${session.id} from ${session.status} to ${change.to}` +
          ` (allowed from ${change.from.join(', ')})`,
        { details: { sessionId: session.id, from: session.status, to: change.to } },
      );
    }
    const next = Session.transition(session, change.to);
    const event = SessionEvent.create({
      type: change.eventType ?? EVENT_OF[change.to],
      sessionId: session.id,
      data: change.data ?? {},
    });
    return { session: next, events: [event] };
  });
}
