import { AgentSessionError } from '../../core/agent-session-error.js';
import { sameEventContent } from '../../core/event-equality.js';
import { SessionEvent } from '../../core/session-event.js';
import { invalid } from '../../core/validate.js';
import { type EventRow, rowToEvent } from './rows.js';
import type { SessionHeads } from './session-heads.js';
import { isUniqueViolation, storageError } from './sqlite-errors.js';
import type { Statements } from './statements.js';

function validateAt(value: unknown, field: string): SessionEvent {
  try {
    return SessionEvent.validate(value);
  } catch (error) {
    if (!AgentSessionError.isInstance(error)) throw error;
    throw new AgentSessionError(error.code, `${field}: ${error.message}`, {
      details: { ...error.details, at: field },
      cause: error,
    });
  }
}

/**
 * Validate events for an append to `sessionId` before anything is queued or written: each must be a
 * valid event of that session. Throws `validation_error` / `invalid_event_type`. Validated events
 * hold only JSON data, so writing them later cannot fail on their content.
 */
export function prepareEvents(sessionId: string, events: unknown, field: string): SessionEvent[] {
  if (!Array.isArray(events)) invalid(field, 'must be an array of events');
  const out: SessionEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = validateAt(events[i], `${field}[${i}]`);
    if (event.sessionId !== sessionId) {
      invalid(`${field}[${i}].sessionId`, `must be the session appended to (${sessionId})`);
    }
    out[i] = event;
  }
  return out;
}

function storedEvent(sql: Statements, event: SessionEvent): EventRow | undefined {
  return sql.eventById.get(event.id) as EventRow | undefined;
}

// The stored event with this id decides: same content → the original; otherwise already_exists.
function duplicateOf(event: SessionEvent, row: EventRow): SessionEvent {
  const stored = rowToEvent(row);
  if (sameEventContent(stored, event)) return stored;
  throw new AgentSessionError(
    'already_exists',
    `event ${event.id} already exists with other content`,
    {
      details: { eventId: event.id, sessionId: stored.sessionId, seq: stored.seq },
    },
  );
}

// Insert one event at `seq`; returns the stored original if its id is already there (same content).
function insertOne(sql: Statements, e: SessionEvent, seq: number): SessionEvent | undefined {
  try {
    sql.insertEvent.run(
      e.sessionId,
      seq,
      e.id,
      e.type,
      e.runId,
      e.timestamp,
      e.provider,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
    );
    return undefined;
  } catch (error) {
    const row = isUniqueViolation(error) ? storedEvent(sql, e) : undefined;
    if (row === undefined) throw storageError('storage_write_failed', 'appendEvents', error);
    return duplicateOf(e, row);
  }
}

/**
 * Append inside the current transaction (and savepoint). New events get the next seqs; an id that is
 * already stored is detected by the UNIQUE constraint, not by a lookup per event. With `expectedSeq`,
 * the append is compare-and-set, except that a batch made only of stored duplicates (or an empty
 * one) returns them without a conflict: it writes nothing.
 */
export function appendInTransaction(
  sql: Statements,
  heads: SessionHeads,
  sessionId: string,
  events: readonly SessionEvent[],
  expectedSeq: number | null,
): SessionEvent[] {
  const base = heads.latest(sessionId);
  if (expectedSeq !== null && expectedSeq !== base && events.length > 0) {
    return allStored(sql, sessionId, events, expectedSeq, base);
  }
  let seq = base;
  const out: SessionEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SessionEvent;
    const duplicate = insertOne(sql, event, seq + 1);
    // A frozen copy with its seq (cheaper than `SessionEvent.withSeq` on this hot path).
    out[i] = duplicate ?? Object.freeze({ ...event, seq: ++seq });
  }
  heads.set(sessionId, seq);
  return out;
}

// The expected seq is stale: only a retry of events that are all stored already may succeed.
function allStored(
  sql: Statements,
  sessionId: string,
  events: readonly SessionEvent[],
  expected: number,
  actual: number,
): SessionEvent[] {
  const stored = events.map((event) => {
    const row = storedEvent(sql, event);
    return row === undefined ? undefined : duplicateOf(event, row);
  });
  if (stored.every((e) => e !== undefined)) return stored as SessionEvent[];
  throw new AgentSessionError(
    'version_conflict',
    `session ${sessionId} is at seq ${actual}, not the expected ${expected}`,
    { details: { sessionId, expectedSeq: expected, actualSeq: actual } },
  );
}
