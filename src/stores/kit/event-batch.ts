import { AgentSessionError } from '../../core/agent-session-error.js';
import type { RunStatus } from '../../core/run-status.js';
import { SessionEvent } from '../../core/session-event.js';
import { invalid, unreadable } from '../../core/validate.js';
import { storeErrors } from './store-errors.js';

// The core names an event's fields `event.…`; in a batch they become `events[i].…`.
function rename(text: string, prefix: string): string {
  return /^event(?=[.\s[]|$)/.test(text) ? prefix + text.slice(5) : `${prefix}: ${text}`;
}

function checkOne(value: unknown, field: string, index: number): SessionEvent {
  const prefix = `${field}[${index}]`;
  try {
    return SessionEvent.validate(value);
  } catch (error) {
    if (!AgentSessionError.isInstance(error)) return unreadable(prefix, error);
    const inner = typeof error.details.field === 'string' ? error.details.field : 'event';
    throw new AgentSessionError(error.code, rename(error.message, prefix), {
      details: { field: rename(inner, prefix), index },
      cause: error,
    });
  }
}

/**
 * Validate a batch for an append to `sessionId` before anything is written: an array of valid
 * events of that session. Returns them checked (events this package built, as they are). Throws
 * `validation_error` / `invalid_event_type` naming the field (`events[2].data.content …`), with
 * `details: { field, index }`.
 */
export function checkEventBatch(sessionId: string, events: unknown, field: string): SessionEvent[] {
  let length: number;
  try {
    if (!Array.isArray(events)) invalid(field, 'must be an array of events');
    length = events.length;
  } catch (error) {
    if (AgentSessionError.isInstance(error)) throw error;
    return unreadable(field, error);
  }
  const list = events as unknown[];
  const out: SessionEvent[] = new Array(length);
  for (let i = 0; i < length; i++) {
    let raw: unknown;
    try {
      raw = list[i];
    } catch (error) {
      return unreadable(`${field}[${i}]`, error);
    }
    const event = checkOne(raw, field, i);
    if (event.sessionId !== sessionId) {
      throw new AgentSessionError(
        'validation_error',
        `${field}[${i}].sessionId must be ${sessionId}, the session written to`,
        { details: { field: `${field}[${i}].sessionId`, index: i } },
      );
    }
    out[i] = event;
  }
  return out;
}

/** Whether a run in `status` has ended: nothing of it may follow its terminal event. */
export function isEndedRunStatus(status: string | undefined): status is RunStatus {
  return (
    status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'timeout'
  );
}

/**
 * A check for the new events of one write: an event of a run whose STORED status is terminal is
 * refused with `invalid_status` (`details: { sessionId, runId, status }`). `statusOf` reads the
 * stored status inside the write's transaction, once per run id in a row. A commit that moves a run
 * to its terminal status passes, as the stored run is still running when its events are checked.
 */
export function openRunCheck(
  sessionId: string,
  statusOf: (runId: string) => string | undefined,
): (event: SessionEvent) => void {
  let lastRunId: string | null = null;
  let lastStatus: string | undefined;
  return (event) => {
    const runId = event.runId;
    if (runId === null) return;
    if (runId !== lastRunId) {
      lastRunId = runId;
      lastStatus = statusOf(runId);
    }
    if (isEndedRunStatus(lastStatus)) throw storeErrors.runEnded(sessionId, runId, lastStatus);
  };
}
