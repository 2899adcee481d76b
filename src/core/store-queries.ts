import type { EventType } from './event-types.js';
import type { Run } from './run.js';
import type { RunStatus } from './run-status.js';
import type { Session } from './session.js';
import type { SessionEvent } from './session-event.js';
import type { SessionStatus } from './session-status.js';

/** Filters and paging of `SessionStore.listSessions`. Sessions come oldest first (by id). */
export interface ListSessionsFilter {
  status?: SessionStatus | readonly SessionStatus[];
  agentId?: string;
  /** Only sessions carrying this tag. */
  tag?: string;
  /** Inclusive lower bound on `createdAt` (ISO-8601). */
  createdAfter?: string;
  /** Exclusive upper bound on `createdAt` (ISO-8601). */
  createdBefore?: string;
  /** Page size, 1 to 1000 (default 100). */
  limit?: number;
  cursor?: string;
}

/** Filters and paging of `SessionStore.listRuns`. Runs come oldest first (by id). */
export interface ListRunsFilter {
  status?: RunStatus | readonly RunStatus[];
  /** Page size, 1 to 1000 (default 100). */
  limit?: number;
  cursor?: string;
}

/** Filters of `SessionStore.findRuns`, a query across all sessions (used by recovery). */
export interface FindRunsFilter {
  status?: RunStatus | readonly RunStatus[];
  /** Only runs whose `owner` is this value. */
  owner?: string;
  /** Page size, 1 to 1000 (default 100). */
  limit?: number;
  cursor?: string;
}

/** Options of `SessionStore.readEvents`. Events come in `seq` order. */
export interface ReadEventsOptions {
  /** Only events with `seq` greater than this (default 0: from the start). */
  after?: number;
  /** At most this many events, 1 to 10,000 (default: all). */
  limit?: number;
  runId?: string;
  types?: readonly EventType[];
}

/** Options of `SessionStore.appendEvents`. */
export interface AppendOptions {
  /**
   * Compare-and-set: the append succeeds only if the session's latest `seq` is this value, and
   * throws `version_conflict` otherwise.
   */
  expectedSeq?: number;
}

/**
 * One atomic write of `SessionStore.commit`: events appended to one session together with saves of
 * that session and/or one of its runs. Either everything is written or nothing is.
 *
 * - **Creating a session.** A `session` of `version: 0` (never saved) creates the session together
 *   with the commit's events, which then get seq 1, 2 …: a log can never exist without its first
 *   event, nor a session without its log. If a session with that id is stored, the commit throws
 *   `already_exists` (`details: { sessionId }`) and writes nothing; if anything else of the commit
 *   fails (an event, `expectedSeq`, the run), no session is left behind.
 * - **Ending a run.** Events of a run whose stored status is terminal are refused with
 *   `invalid_status` (`details: { sessionId, runId, status }`), as in `appendEvents`. The run's
 *   status before the commit decides, so a commit that saves the run as ended may carry its
 *   terminal event (`run_completed` …); nothing of that run can be appended afterwards.
 *
 * @example
 * ```ts
 * const session = Session.create({ agentId: 'bot' }); // version 0: not stored yet
 * const { events } = await store.commit(session.id, {
 *   session,
 *   events: [SessionEvent.create({ type: 'session_created', sessionId: session.id })],
 *   expectedSeq: 0,
 * });
 * events[0].seq; // 1
 * ```
 */
export interface CommitRequest {
  events?: readonly SessionEvent[];
  /** Compare-and-set on the session's latest seq (0 for a session the commit creates). */
  expectedSeq?: number;
  /** Saved compare-and-set on `version`; version 0 creates the session. */
  session?: Session;
  /** A run of the session, saved compare-and-set on `version` (0 inserts it). */
  run?: Run;
}

/** What `SessionStore.commit` wrote: the stored events and the saved values with new versions. */
export interface CommitResult {
  readonly events: readonly SessionEvent[];
  readonly session: Session | null;
  readonly run: Run | null;
}
