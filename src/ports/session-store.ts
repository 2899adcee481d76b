import type { Run } from '../core/run.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { Page } from './page.js';
import type { ProviderFile } from './provider-file.js';
import type {
  AppendOptions,
  CommitRequest,
  CommitResult,
  FindRunsFilter,
  ListRunsFilter,
  ListSessionsFilter,
  ReadEventsOptions,
} from './store-queries.js';

/**
 * Where sessions, runs and the event log live. Every implementation must pass the conformance
 * suite of `agent-session-manager/testing` (`runSessionStoreConformance`), which proves:
 *
 * - saves compare-and-set on `version`: a value whose `version` is not the stored one throws
 *   `version_conflict` and changes nothing; a successful save returns the value with `version + 1`
 *   (a new value has version 0);
 * - `appendEvents` and `commit` are atomic and gap-free: `seq` runs 1, 2, 3 … per session;
 * - an event id appended again with the same content returns the stored original; with other
 *   content it throws `already_exists`; a rejected write leaves store and caller's objects unchanged;
 * - nothing of a run follows its terminal event: a new event of a run whose stored status is
 *   terminal (completed, failed, cancelled, timeout) is refused with `invalid_status`
 *   (`details: { sessionId, runId, status }`), checked in the same transaction as the append, by
 *   `appendEvents` and `commit` alike (a commit that ends the run may carry its terminal event);
 * - a `commit` whose session has version 0 creates the session with its events in one write
 *   (`already_exists` if it is stored);
 * - `readEvents({ after })` never skips or repeats an event, also while others append;
 * - a missing session or run throws `session_not_found` / `run_not_found`;
 * - errors carry the same `details` keys in every store (the conformance suite checks them), and
 *   input that throws when read (a getter, a Proxy) is `validation_error`, never a raw error.
 *
 * Values passed in and returned are never shared with the store's own state.
 *
 * Details every implementation follows (the conformance suite checks them):
 *
 * - saving a session or run whose `version` is above 0 but which is not stored throws
 *   `session_not_found` / `run_not_found`; a save refreshes a session's `updatedAt`; a stored run
 *   never moves to another session (`validation_error`);
 * - an id that is not a non-empty string throws `validation_error`;
 * - event ids are unique across the store: an id stored in another session throws `already_exists`;
 * - `appendEvents` returns one stored event per input event, in input order (an id repeated with the
 *   same content maps to the one stored event); `expectedSeq` is checked only when the batch writes
 *   something, so an empty batch, or a retry of a batch that was fully stored, succeeds (also once
 *   the run has ended: a retry is not a new event);
 * - the store assigns `seq`: whatever `seq` an input event carries is ignored;
 * - `commit` checks everything (versions, `expectedSeq`, events, `session.id` and `run.sessionId`
 *   equal to `sessionId`) before it writes anything;
 * - listings are ordered by id; `nextCursor` is null exactly on the last page, and only the page of
 *   an empty listing is empty;
 * - after `close()` every method throws `storage_error`;
 * - provider files: one current copy per session and provider (`saveProviderFile` replaces it);
 *   their bytes are copied in and out, never shared; `deleteSession` removes them; a missing
 *   session throws `session_not_found`; a `provider` or `name` that is not a non-empty string,
 *   `data` that is not a `Uint8Array` or is larger than 64 MiB throws `validation_error`.
 *
 * @example
 * ```ts
 * const store: SessionStore = new InMemorySessionStore();
 * const session = await store.saveSession(Session.create({ agentId: 'bot' }));
 * const [event] = await store.appendEvents(session.id, [
 *   SessionEvent.create({ type: 'session_created', sessionId: session.id }),
 * ]);
 * event.seq; // 1
 * ```
 */
export interface SessionStore {
  /** Insert (version 0) or update (the stored version) a session; returns it with the new version. */
  saveSession(session: Session): Promise<Session>;
  getSession(id: string): Promise<Session>;
  listSessions(filter?: ListSessionsFilter): Promise<Page<Session>>;
  /** Remove a session with its runs, events and provider files. */
  deleteSession(id: string): Promise<void>;

  /** Insert or update a run of an existing session, compare-and-set on `version`. */
  saveRun(run: Run): Promise<Run>;
  getRun(id: string): Promise<Run>;
  listRuns(sessionId: string, filter?: ListRunsFilter): Promise<Page<Run>>;
  /** Runs across all sessions, for recovery and operations. */
  findRuns(filter?: FindRunsFilter): Promise<Page<Run>>;
  /** The session's run in status `running` (the first by id, should there be several), or null. */
  getActiveRun(sessionId: string): Promise<Run | null>;

  /** Append events (atomically, in order) and return them as stored, with their `seq`. */
  appendEvents(
    sessionId: string,
    events: readonly SessionEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]>;
  /**
   * Append events and save the session and/or a run of it in one atomic write; a session of
   * version 0 is created by it (see `CommitRequest`).
   */
  commit(sessionId: string, request: CommitRequest): Promise<CommitResult>;
  readEvents(sessionId: string, options?: ReadEventsOptions): Promise<SessionEvent[]>;
  /** The session's highest `seq` (0 when it has no events). */
  latestSeq(sessionId: string): Promise<number>;

  /**
   * Store `file` as the current copy of `file.provider`'s session file for this session,
   * replacing the previous copy (`updatedAt` is set by the store).
   */
  saveProviderFile(sessionId: string, file: ProviderFile): Promise<void>;
  /** The current copy of `provider`'s session file for this session, or null when there is none. */
  getProviderFile(sessionId: string, provider: string): Promise<ProviderFile | null>;

  /** Release connections and handles; later calls throw `storage_error`. Idempotent. */
  close(): Promise<void>;
}
