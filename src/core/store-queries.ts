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
 */
export interface CommitRequest {
  events?: readonly SessionEvent[];
  expectedSeq?: number;
  session?: Session;
  run?: Run;
}

/** What `SessionStore.commit` wrote: the stored events and the saved values with new versions. */
export interface CommitResult {
  readonly events: readonly SessionEvent[];
  readonly session: Session | null;
  readonly run: Run | null;
}
