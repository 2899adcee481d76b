import { AgentSessionError } from '../core/agent-session-error.js';
import type { EventType } from '../core/event-types.js';
import type { Run } from '../core/run.js';
import { Session, type SessionAttrs } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import type { SessionStatus } from '../core/session-status.js';
import type { CommitResult } from '../core/store-queries.js';
import type { SessionStore } from '../ports/session-store.js';

const MAX_ATTEMPTS = 8;

/** What to write for the session as it is now (called again after a `version_conflict`). */
export type SessionWrite = (session: Session) => {
  session?: Session | undefined;
  run?: Run | undefined;
  events: readonly SessionEvent[];
};

/**
 * Read the session, build a commit from it, and write it; a `version_conflict` (another writer
 * changed the session meanwhile) re-reads and tries again, so status changes never lose a race.
 */
export async function commitWithSessionRetry(
  store: SessionStore,
  sessionId: string,
  write: SessionWrite,
): Promise<CommitResult> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.getSession(sessionId);
    const request = write(current);
    try {
      return await store.commit(sessionId, {
        events: request.events,
        ...(request.session === undefined ? {} : { session: request.session }),
        ...(request.run === undefined ? {} : { run: request.run }),
      });
    } catch (error) {
      const retry =
        AgentSessionError.isInstance(error) &&
        error.code === 'version_conflict' &&
        request.session !== undefined &&
        attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

/** A new pending session stored together with its `session_created` event (seq 1). */
export async function createSession(store: SessionStore, attrs: SessionAttrs): Promise<Session> {
  const session = Session.create({ ...attrs, status: 'pending', version: 0 });
  const event = SessionEvent.create({
    type: 'session_created',
    sessionId: session.id,
    data: { agentId: session.agentId, parentSessionId: session.parentSessionId },
  });
  // A new session: nothing to append to yet, so save it, then append its first event. A crash in
  // between leaves a session without events; `seq` 1 is still reserved for session_created.
  const saved = await store.saveSession(session);
  await store.appendEvents(saved.id, [event], { expectedSeq: 0 });
  return saved;
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
