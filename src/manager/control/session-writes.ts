import { AgentSessionError } from '../../core/agent-session-error.js';
import type { EventType } from '../../core/event-types.js';
import { Session, type SessionAttrs } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { SessionStatus } from '../../core/session-status.js';
import type { CommitResult } from '../../core/store-queries.js';
import type { SessionStore } from '../../ports/session-store.js';
import { commitWithSessionRetry } from '../commit-with-retry.js';

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
