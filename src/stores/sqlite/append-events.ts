import { sameEventContent } from '../../core/event-equality.js';
import { SessionEvent } from '../../core/session-event.js';
import { openRunCheck } from '../kit/event-batch.js';
import { storeErrors } from '../kit/store-errors.js';
import { type EventRow, rowToEvent } from './rows.js';
import type { SessionHeads } from './session-heads.js';
import { isUniqueViolation, storageError } from './sqlite-errors.js';
import type { Statements } from './statements.js';

/** Where an append is written: the batch's field name (for errors) and how to read run statuses. */
export interface AppendTarget {
  readonly sessionId: string;
  readonly field: string;
  /** The stored status of a run, read inside the write transaction (undefined: not stored). */
  readonly statusOf: (runId: string) => string | undefined;
}

/** Reads a run's stored status inside the current transaction. */
export function storedRunStatus(sql: Statements): (runId: string) => string | undefined {
  return (runId) => (sql.runStatus.get(runId) as { status: string } | undefined)?.status;
}

function storedEvent(sql: Statements, event: SessionEvent): EventRow | undefined {
  return sql.eventById.get(event.id) as EventRow | undefined;
}

// The stored event with this id decides: same content → the original; otherwise already_exists.
function duplicateOf(event: SessionEvent, row: EventRow, field: string, index: number) {
  const stored = rowToEvent(row);
  if (sameEventContent(stored, event)) return stored;
  throw storeErrors.eventConflict(field, index, event.id);
}

/**
 * Append inside the current transaction (and savepoint). New events get the next seqs; an id that is
 * already stored is detected by the UNIQUE constraint, not by a lookup per event. A new event of a
 * run whose stored status is terminal is refused (`invalid_status`); a retry of an event stored
 * before is not new and returns the original. With `expectedSeq`, the append is compare-and-set,
 * except that a batch made only of stored duplicates (or an empty one) writes nothing and succeeds.
 */
export function appendInTransaction(
  sql: Statements,
  heads: SessionHeads,
  target: AppendTarget,
  events: readonly SessionEvent[],
  expectedSeq: number | null,
): SessionEvent[] {
  const { sessionId, field } = target;
  const base = heads.latest(sessionId);
  if (expectedSeq !== null && expectedSeq !== base && events.length > 0) {
    return allStored(sql, target, events, expectedSeq, base);
  }
  const checkRun = openRunCheck(sessionId, target.statusOf);
  let seq = base;
  const out: SessionEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SessionEvent;
    let duplicate: SessionEvent | undefined;
    try {
      checkRun(event);
      duplicate = insertOne(sql, event, seq + 1, field, i);
    } catch (error) {
      // Only a new event of an ended run is refused: a stored one is a retry.
      const row = storedEvent(sql, event);
      if (row === undefined) throw error;
      duplicate = duplicateOf(event, row, field, i);
    }
    out[i] = duplicate ?? SessionEvent.stored(event, ++seq);
  }
  heads.set(sessionId, seq);
  return out;
}

// Most events carry no metadata: `{}` without a call to JSON.stringify.
function metadataJson(metadata: Readonly<Record<string, unknown>>): string {
  for (const _ in metadata) return JSON.stringify(metadata);
  return '{}';
}

// Insert one event at `seq`; returns the stored original if its id is already there (same content).
function insertOne(sql: Statements, e: SessionEvent, seq: number, field: string, index: number) {
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
      metadataJson(e.metadata),
    );
    return undefined;
  } catch (error) {
    const row = isUniqueViolation(error) ? storedEvent(sql, e) : undefined;
    if (row === undefined) throw storageError('storage_write_failed', 'appendEvents', error);
    return duplicateOf(e, row, field, index);
  }
}

// The expected seq is stale: only a retry of events that are all stored already may succeed.
function allStored(
  sql: Statements,
  target: AppendTarget,
  events: readonly SessionEvent[],
  expected: number,
  actual: number,
): SessionEvent[] {
  const stored = events.map((event, i) => {
    const row = storedEvent(sql, event);
    return row === undefined ? undefined : duplicateOf(event, row, target.field, i);
  });
  if (stored.every((e) => e !== undefined)) return stored as SessionEvent[];
  throw storeErrors.seqConflict(target.sessionId, expected, actual);
}
