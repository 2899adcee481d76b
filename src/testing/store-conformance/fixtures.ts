import { Run, type RunAttrs } from '../../core/run.js';
import { Session, type SessionAttrs } from '../../core/session.js';
import { SessionEvent, type SessionEventAttrs } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';

export { expectCode } from './expect-code.js';
export { plainCopy, seededRandom, snapshot, tryMutate, yieldTurn } from './helpers.js';

/** An id no store has: the right shape, never generated. */
export const MISSING_SESSION = `ses_${'0'.repeat(32)}`;
export const MISSING_RUN = `run_${'0'.repeat(32)}`;

/** A saved session (version 1). */
export function newSession(store: SessionStore, attrs: Partial<SessionAttrs> = {}) {
  return store.saveSession(Session.create({ agentId: 'conformance', ...attrs }));
}

/** A saved run of `sessionId` (version 1). */
export function newRun(store: SessionStore, sessionId: string, attrs: Partial<RunAttrs> = {}) {
  return store.saveRun(Run.create({ sessionId, input: 'hello', ...attrs }));
}

/** A `message_sent` event of `sessionId` (not stored). */
export function message(
  sessionId: string,
  content: string,
  attrs: Partial<SessionEventAttrs> = {},
): SessionEvent {
  return SessionEvent.create({
    type: 'message_sent',
    sessionId,
    data: { role: 'user', content },
    ...attrs,
  } as SessionEventAttrs);
}

/** `count` message events numbered from 1. */
export function messages(sessionId: string, count: number, prefix = 'message'): SessionEvent[] {
  return Array.from({ length: count }, (_, i) => message(sessionId, `${prefix} ${i + 1}`));
}
