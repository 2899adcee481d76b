import { AgentSessionError } from '../../core/agent-session-error.js';
import { sameEventContent } from '../../core/event-equality.js';
import { SessionEvent } from '../../core/session-event.js';
import { invalid } from '../../core/validate.js';
import { storeErrors } from './store-errors.js';

/** A checked batch: the events to write (in order) and the id of every input event. */
export interface AppendPlan {
  readonly fresh: readonly SessionEvent[];
  readonly ids: readonly string[];
}

function validateAt(raw: unknown, index: number): SessionEvent {
  try {
    return SessionEvent.validate(raw);
  } catch (error) {
    const code = AgentSessionError.isInstance(error) ? error.code : 'validation_error';
    const details = AgentSessionError.isInstance(error) ? error.details : {};
    const message = error instanceof Error ? error.message : String(error);
    throw new AgentSessionError(code, `events[${index}]: ${message}`, {
      details: { ...details, index },
      cause: error,
    });
  }
}

function conflict(id: string, index: number): AgentSessionError {
  return new AgentSessionError(
    'already_exists',
    `events[${index}]: event ${id} already exists with different content`,
    { details: { eventId: id, index } },
  );
}

/**
 * Check a batch for `appendEvents` without writing anything: every event valid and of this session,
 * duplicates of stored events identical to them, and `expectedSeq` current unless the whole batch is
 * already stored (a retried append that was acknowledged).
 */
export function planAppend(
  sessionId: string,
  events: unknown,
  expectedSeq: number | null,
  latestSeq: number,
  stored: { get(id: string): SessionEvent | undefined },
): AppendPlan {
  if (!Array.isArray(events)) invalid('events', 'must be an array of events');
  const fresh: SessionEvent[] = [];
  const ids: string[] = new Array(events.length);
  const batch = events.length > 1 ? new Map<string, SessionEvent>() : null;
  for (let i = 0; i < events.length; i++) {
    const event = validateAt(events[i], i);
    if (event.sessionId !== sessionId) {
      invalid(`events[${i}].sessionId`, `must be ${sessionId}, the session appended to`);
    }
    ids[i] = event.id;
    const original = stored.get(event.id) ?? batch?.get(event.id);
    if (original !== undefined) {
      if (!sameEventContent(original, event)) throw conflict(event.id, i);
      continue;
    }
    batch?.set(event.id, event);
    fresh.push(event);
  }
  if (fresh.length > 0 && expectedSeq !== null && expectedSeq !== latestSeq) {
    throw storeErrors.seqConflict(sessionId, expectedSeq, latestSeq);
  }
  return { fresh, ids };
}

/**
 * The common case, fast: validates a batch like `planAppend` but leaves ids to the writer, which
 * meets a stored or repeated id, undoes the batch and falls back to `planAppend`.
 */
export function planFresh(sessionId: string, events: unknown): SessionEvent[] {
  if (!Array.isArray(events)) invalid('events', 'must be an array of events');
  const out: SessionEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = validateAt(events[i], i);
    if (event.sessionId !== sessionId) {
      invalid(`events[${i}].sessionId`, `must be ${sessionId}, the session appended to`);
    }
    out[i] = event;
  }
  return out;
}
