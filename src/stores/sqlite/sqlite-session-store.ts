import { nowIso } from '../../core/clock.js';
import type { Run } from '../../core/run.js';
import type { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import type {
  AppendOptions,
  CommitRequest,
  CommitResult,
  FindRunsFilter,
  ListRunsFilter,
  ListSessionsFilter,
  ReadEventsOptions,
} from '../../core/store-queries.js';
import {
  checkExpectedSeq,
  checkReadOptions,
  checkRunsFilter,
  checkSessionsFilter,
} from '../../core/store-query-checks.js';
import { expectInteger, expectObject, expectString } from '../../core/validate.js';
import type { Page } from '../../ports/page.js';
import type { ProviderFile } from '../../ports/provider-file.js';
import type { SessionStore } from '../../ports/session-store.js';
import { checkCommitRequest } from '../kit/commit-request.js';
import { checkEventBatch } from '../kit/event-batch.js';
import { checkProviderFile } from '../kit/provider-file.js';
import { storeErrors } from '../kit/store-errors.js';
import { checkRun, checkSession } from '../kit/values.js';
import { appendInTransaction, storedRunStatus } from './append-events.js';
import { type BusyPolicy, retryBusy } from './busy-retry.js';
import { ChangedColumnUpdates } from './changed-columns.js';
import { connectionFailed, type SqliteDatabase } from './driver.js';
import { GroupCommitWriter } from './group-commit.js';
import { eventsQuery, page, runsQuery, StatementCache, sessionsQuery } from './list-queries.js';
import { openStoreDatabase } from './open-database.js';
import {
  type EventRow,
  type RunRow,
  rowParams,
  rowToEvent,
  rowToRun,
  rowToSession,
  type SessionRow,
} from './rows.js';
import {
  type KnownRows,
  readRunHead,
  saveRunInTransaction,
  saveSessionInTransaction,
} from './save-records.js';
import { SessionHeads } from './session-heads.js';
import { closedError, sessionNotFound, storageError } from './sqlite-errors.js';
import { prepareStatements, RUN_COLUMNS, SESSION_COLUMNS, type Statements } from './statements.js';

/** Options of `new SqliteSessionStore(options)`. */
export interface SqliteSessionStoreOptions {
  /** A database file (created if missing; its directory must exist) or `':memory:'`. */
  path: string;
  /**
   * How long a write waits for another process's lock before retrying (`PRAGMA busy_timeout`),
   * and how long the retries go on before the call fails with `storage_write_failed`. Default 5000.
   */
  busyTimeoutMs?: number;
}

/** What a `SqliteSessionStore` has done since it was opened (see `stats()`). */
export interface SqliteStoreStats {
  /** Write transactions committed; with group commit, fewer than `writes` under concurrency. */
  readonly transactions: number;
  /** Write calls written (appends, commits, saves and deletes; failed calls included). */
  readonly writes: number;
  /** `appendEvents` and `commit` calls that succeeded. */
  readonly appends: number;
  /** Times an operation found the database locked by another connection and tried again. */
  readonly busyRetries: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const SESSION_COLUMN_LIST = SESSION_COLUMNS.split(', ');
const RUN_COLUMN_LIST = RUN_COLUMNS.split(', ');

/**
 * The embedded durable `SessionStore`: one SQLite file (WAL, `synchronous=NORMAL`) that several
 * processes may share. Guarantees live in the schema: primary key `(session_id, seq)`, unique event
 * ids, compare-and-set `UPDATE … WHERE version = ?`, foreign keys with cascading deletes. Concurrent
 * writes of one process are group-committed: one transaction, one savepoint per call.
 *
 * @example
 * ```ts
 * import { SqliteSessionStore } from 'agent-session-manager/sqlite';
 *
 * const store = new SqliteSessionStore({ path: './sessions.db' });
 * const session = await store.saveSession(Session.create({ agentId: 'bot' }));
 * await store.appendEvents(session.id, [
 *   SessionEvent.create({ type: 'session_created', sessionId: session.id }),
 * ]);
 * await store.close();
 * ```
 */
export class SqliteSessionStore implements SessionStore {
  /** The database path this store opened. */
  readonly path: string;
  readonly #db: SqliteDatabase;
  readonly #sql: Statements;
  readonly #heads: SessionHeads;
  readonly #writer: GroupCommitWriter;
  readonly #queries: StatementCache;
  readonly #known: KnownRows;
  readonly #busy: BusyPolicy;
  #appends = 0;
  #busyRetries = 0;
  #closed = false;
  #closing: Promise<void> | null = null;

  /**
   * Open (creating or migrating the schema as needed). A path that cannot be opened throws
   * `storage_connection_failed`; a file written by a newer version of this package throws
   * `storage_error` and is left untouched.
   */
  constructor(options: SqliteSessionStoreOptions) {
    const o = expectObject(options, 'options');
    this.path = expectString(o.path, 'options.path', 4096);
    const busyTimeoutMs =
      o.busyTimeoutMs === undefined
        ? DEFAULT_BUSY_TIMEOUT_MS
        : expectInteger(o.busyTimeoutMs, 'options.busyTimeoutMs', 0);
    this.#busy = { timeoutMs: busyTimeoutMs, onRetry: () => this.#busyRetries++ };
    this.#db = openStoreDatabase(this.path, busyTimeoutMs, this.#busy);
    try {
      this.#sql = prepareStatements(this.#db);
    } catch (error) {
      // A file whose user_version claims our schema but whose tables are not ours.
      this.#db.close();
      throw connectionFailed(this.path, error);
    }
    this.#heads = new SessionHeads(this.#sql);
    this.#writer = new GroupCommitWriter(this.#db, this.#sql, this.#busy, () =>
      this.#heads.clear(),
    );
    this.#queries = new StatementCache(this.#db);
    this.#known = {
      sessions: new ChangedColumnUpdates(this.#db, 'sessions', SESSION_COLUMN_LIST),
      runs: new ChangedColumnUpdates(this.#db, 'runs', RUN_COLUMN_LIST),
    };
  }

  /**
   * Counters since the store was opened, e.g. to see group commit at work.
   *
   * @example
   * ```ts
   * await Promise.all(batches.map((events) => store.appendEvents(session.id, events)));
   * const { transactions, writes } = store.stats(); // transactions < writes: grouped
   * ```
   */
  stats(): SqliteStoreStats {
    const { transactions, writes } = this.#writer.counters;
    return { transactions, writes, appends: this.#appends, busyRetries: this.#busyRetries };
  }

  async saveSession(session: Session): Promise<Session> {
    this.#open('saveSession');
    const value = checkSession(session);
    return this.#write('saveSession', () =>
      saveSessionInTransaction(this.#sql, this.#known, value),
    );
  }

  async getSession(id: string): Promise<Session> {
    this.#open('getSession');
    const sessionId = expectString(id, 'id');
    const row = await this.#read('getSession', () => this.#sql.getSession.get(sessionId));
    if (row === undefined) throw sessionNotFound(sessionId);
    this.#known.sessions.remember(rowParams(row as SessionRow, SESSION_COLUMN_LIST));
    return rowToSession(row as SessionRow);
  }

  async listSessions(filter?: ListSessionsFilter): Promise<Page<Session>> {
    this.#open('listSessions');
    const f = checkSessionsFilter(filter);
    const rows = await this.#read('listSessions', () => this.#queries.all(sessionsQuery(f)));
    return page((rows as SessionRow[]).map(rowToSession), f.limit);
  }

  async deleteSession(id: string): Promise<void> {
    this.#open('deleteSession');
    const sessionId = expectString(id, 'id');
    await this.#write('deleteSession', () => {
      // Runs, events, tags and provider files go with it (ON DELETE CASCADE).
      if (this.#sql.deleteSession.run(sessionId).changes === 0) throw sessionNotFound(sessionId);
      this.#heads.forget(sessionId);
      this.#known.sessions.forget(sessionId);
    });
  }

  async saveRun(run: Run): Promise<Run> {
    this.#open('saveRun');
    const value = checkRun(run);
    return this.#write('saveRun', () =>
      saveRunInTransaction(this.#sql, this.#known, value, readRunHead(this.#sql, value.id)),
    );
  }

  async getRun(id: string): Promise<Run> {
    this.#open('getRun');
    const runId = expectString(id, 'id');
    const row = await this.#read('getRun', () => this.#sql.getRun.get(runId));
    if (row === undefined) throw storeErrors.runNotFound(runId);
    this.#known.runs.remember(rowParams(row as RunRow, RUN_COLUMN_LIST));
    return rowToRun(row as RunRow);
  }

  async listRuns(sessionId: string, filter?: ListRunsFilter): Promise<Page<Run>> {
    this.#open('listRuns');
    const id = expectString(sessionId, 'sessionId');
    const f = checkRunsFilter(filter);
    const rows = await this.#read('listRuns', () => {
      const found = this.#queries.all(runsQuery(id, f));
      if (found.length === 0) this.#requireSession(id);
      return found;
    });
    return page((rows as RunRow[]).map(rowToRun), f.limit);
  }

  async findRuns(filter?: FindRunsFilter): Promise<Page<Run>> {
    this.#open('findRuns');
    const f = checkRunsFilter(filter);
    const rows = await this.#read('findRuns', () => this.#queries.all(runsQuery(null, f)));
    return page((rows as RunRow[]).map(rowToRun), f.limit);
  }

  async getActiveRun(sessionId: string): Promise<Run | null> {
    this.#open('getActiveRun');
    const id = expectString(sessionId, 'sessionId');
    const row = await this.#read('getActiveRun', () => {
      this.#requireSession(id);
      return this.#sql.activeRun.get(id);
    });
    return row === undefined ? null : rowToRun(row as RunRow);
  }

  async appendEvents(
    sessionId: string,
    events: readonly SessionEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    this.#open('appendEvents');
    const id = expectString(sessionId, 'sessionId');
    const expectedSeq = checkExpectedSeq(options);
    const checked = checkEventBatch(id, events, 'events');
    const target = { sessionId: id, field: 'events', statusOf: storedRunStatus(this.#sql) };
    const stored = await this.#write('appendEvents', () =>
      appendInTransaction(this.#sql, this.#heads, target, checked, expectedSeq),
    );
    this.#appends++;
    return stored;
  }

  async commit(sessionId: string, request: CommitRequest): Promise<CommitResult> {
    this.#open('commit');
    const id = expectString(sessionId, 'sessionId');
    const c = checkCommitRequest(id, request);
    const result = await this.#write('commit', (): CommitResult => {
      if (c.creates) {
        if (this.#sql.sessionVersion.get(id) !== undefined) throw storeErrors.sessionExists(id);
      } else {
        this.#heads.latest(id); // session_not_found before anything else
      }
      // Events are checked against the run's status as stored BEFORE this commit, so a commit
      // that ends a run may carry its terminal event.
      const statusOf = storedRunStatus(this.#sql);
      const head = c.run === null ? undefined : readRunHead(this.#sql, c.run.id);
      const runId = c.run?.id;
      const target = {
        sessionId: id,
        field: 'request.events',
        statusOf: (r: string) => (r === runId ? head?.status : statusOf(r)),
      };
      const known = this.#known;
      const session =
        c.session === null ? null : saveSessionInTransaction(this.#sql, known, c.session);
      const run = c.run === null ? null : saveRunInTransaction(this.#sql, known, c.run, head);
      const stored = appendInTransaction(this.#sql, this.#heads, target, c.events, c.expectedSeq);
      return Object.freeze({ events: Object.freeze(stored), session, run });
    });
    this.#appends++;
    return result;
  }

  async readEvents(sessionId: string, options?: ReadEventsOptions): Promise<SessionEvent[]> {
    this.#open('readEvents');
    const id = expectString(sessionId, 'sessionId');
    const o = checkReadOptions(options);
    const rows = await this.#read('readEvents', () => {
      const found =
        o.runId === null && o.types === null
          ? this.#sql.eventsAfter.all(id, o.after, o.limit ?? -1)
          : this.#queries.all(eventsQuery(id, o));
      if (found.length === 0) this.#requireSession(id);
      return found as EventRow[];
    });
    const out: SessionEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = rowToEvent(rows[i] as EventRow);
    return out;
  }

  async latestSeq(sessionId: string): Promise<number> {
    this.#open('latestSeq');
    const id = expectString(sessionId, 'sessionId');
    const head = await this.#read('latestSeq', () => this.#sql.sessionHead.get(id, id));
    const { present, last } = head as { present: number; last: number | null };
    if (present === 0) throw sessionNotFound(id);
    return last ?? 0;
  }

  async saveProviderFile(sessionId: string, file: ProviderFile): Promise<void> {
    this.#open('saveProviderFile');
    const id = expectString(sessionId, 'sessionId');
    const { provider, name, data } = checkProviderFile(file);
    // The driver binds a Buffer as a BLOB; this one wraps the store's own copy.
    const blob = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await this.#write('saveProviderFile', () => {
      this.#requireSession(id);
      this.#sql.saveProviderFile.run(id, provider, name, blob, nowIso());
    });
  }

  async getProviderFile(sessionId: string, provider: string): Promise<ProviderFile | null> {
    this.#open('getProviderFile');
    const id = expectString(sessionId, 'sessionId');
    const name = expectString(provider, 'provider');
    const row = await this.#read('getProviderFile', () => {
      const found = this.#sql.getProviderFile.get(id, name);
      if (found === undefined) this.#requireSession(id);
      return found as { name: string; data: Uint8Array; updated_at: string } | undefined;
    });
    if (row === undefined) return null;
    return Object.freeze({
      provider: name,
      name: row.name,
      data: new Uint8Array(row.data),
      updatedAt: row.updated_at,
    });
  }

  /** Finish the queued writes, then close the database. Later calls throw `storage_error`. */
  close(): Promise<void> {
    if (this.#closing === null) {
      this.#closed = true;
      this.#closing = this.#writer.drain().then(() => {
        try {
          this.#db.close();
        } catch (error) {
          throw storageError('storage_write_failed', 'close', error);
        }
      });
    }
    return this.#closing;
  }

  #open(operation: string): void {
    if (this.#closed) throw closedError(operation);
  }

  #requireSession(id: string): void {
    if (this.#sql.sessionVersion.get(id) === undefined) throw sessionNotFound(id);
  }

  #write<T>(operation: string, work: () => T): Promise<T> {
    return this.#writer.submit(operation, work);
  }

  async #read<T>(operation: string, query: () => T): Promise<T> {
    this.#open(operation);
    try {
      return await retryBusy(operation, this.#busy, 'storage_read_failed', () => {
        this.#open(operation);
        return query();
      });
    } catch (error) {
      throw storageError('storage_read_failed', operation, error);
    }
  }
}
