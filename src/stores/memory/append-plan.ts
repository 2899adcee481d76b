import { sameEventContent } from '../../core/event-equality.js';
import type { SessionEvent } from '../../core/session-event.js';
import { openRunCheck } from '../kit/event-batch.js';
import { storeErrors } from '../kit/store-errors.js';
import { checkExpectedSeq } from '../kit/version-checks.js';
import type { EventIndex } from './event-index.js';

/**
 * A checked batch: the events to write, in order, and (when some input events are stored already
 * or repeated) the id of every input event, to answer with the stored originals.
 */
export interface AppendPlan {
  readonly fresh: readonly SessionEvent[];
  readonly ids: readonly string[] | null;
}

// Ids made by `newId` only grow: a batch whose ids rise, all above every stored id, is all new.
function allNew(events: readonly SessionEvent[], index: EventIndex): boolean {
  if (events.length === 0 || !index.isAbove((events[0] as SessionEvent).id)) {
    return events.length === 0;
  }
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as SessionEvent).id <= (events[i - 1] as SessionEvent).id) return false;
  }
  return true;
}

/**
 * Check a batch of checked events of `sessionId` for appending, writing nothing: ids stored (or
 * repeated in the batch) must carry the same content (`already_exists` otherwise); no new event
 * may belong to a run whose stored status is terminal (`invalid_status`); `expectedSeq` must be
 * current if anything is new (`version_conflict`). The one plan of `appendEvents` and `commit`.
 */
export function planAppend(
  sessionId: string,
  events: readonly SessionEvent[],
  field: string,
  expectedSeq: number | null,
  latestSeq: number,
  index: EventIndex,
  statusOf: (runId: string) => string | undefined,
): AppendPlan {
  const checkRun = openRunCheck(sessionId, statusOf);
  if (allNew(events, index)) {
    for (let i = 0; i < events.length; i++) checkRun(events[i] as SessionEvent);
    if (events.length > 0) checkExpectedSeq(sessionId, expectedSeq, latestSeq);
    return { fresh: events, ids: null };
  }
  const fresh: SessionEvent[] = [];
  const ids: string[] = new Array(events.length);
  const batch = new Map<string, SessionEvent>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SessionEvent;
    ids[i] = event.id;
    const original = index.get(event.id) ?? batch.get(event.id);
    if (original !== undefined) {
      if (!sameEventContent(original, event)) throw storeErrors.eventConflict(field, i, event.id);
      continue;
    }
    checkRun(event);
    batch.set(event.id, event);
    fresh.push(event);
  }
  if (fresh.length > 0) checkExpectedSeq(sessionId, expectedSeq, latestSeq);
  return { fresh, ids };
}
