import { nowIso } from '../../core/clock.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
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
import { expectString } from '../../core/validate.js';
import type { Page } from '../../ports/page.js';
import type { ProviderFile } from '../../ports/provider-file.js';
import type { SessionStore } from '../../ports/session-store.js';
import { checkCommitRequest } from '../kit/commit-request.js';
import { checkEventBatch } from '../kit/event-batch.js';
import { checkProviderFile } from '../kit/provider-file.js';
import { storeErrors } from '../kit/store-errors.js';
import { checkRun, checkSession } from '../kit/values.js';
import { checkRunVersion, checkSessionVersion } from '../kit/version-checks.js';
import { type AppendPlan, planAppend } from './append-plan.js';
import { EventIndex } from './event-index.js';
import { EventLog } from './event-log.js';
import { pageOf, runMatcher, sessionMatcher } from './listing.js';
import { SortedIds } from './sorted-ids.js';

interface SessionEntry {
  session: Session;
  readonly log: EventLog;
  readonly runIds: SortedIds;
  /** Provider session files by provider; the store's own copies, never handed out. */
  readonly files: Map<string, Required<ProviderFile>>;
}

/**
 * The reference `SessionStore`: everything in process memory, nothing survives a restart. Fast
 * (appends are array pushes) and the default store of `SessionManager`. Values handed in are
 * validated and copied; values handed out are frozen, so no caller can change the stored state.
 *
 * @example
 * ```ts
 * const store = new InMemorySessionStore();
 * const session = await store.saveSession(Session.create({ agentId: 'bot' }));
 * await store.appendEvents(session.id, [
 *   SessionEvent.create({ type: 'session_created', sessionId: session.id }),
 * ]);
 * await store.latestSeq(session.id); // 1
 * ```
 */
export class InMemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, SessionEntry>();
  readonly #sessionIds = new SortedIds();
  readonly #runs = new Map<string, Run>();
  readonly #runIds = new SortedIds();
  readonly #events = new EventIndex(() => this.#allEvents());
  #closed = false;

  async saveSession(session: Session): Promise<Session> {
    this.#open('saveSession');
    const checked = checkSession(session);
    checkSessionVersion(checked, this.#sessions.get(checked.id)?.session.version);
    return this.#putSession(checked);
  }

  async getSession(id: string): Promise<Session> {
    return this.#entry(id, 'getSession', 'id').session;
  }

  async listSessions(filter?: ListSessionsFilter): Promise<Page<Session>> {
    this.#open('listSessions');
    const f = checkSessionsFilter(filter);
    const lookup = (id: string) => this.#sessions.get(id)?.session;
    return pageOf(this.#sessionIds.after(f.afterId), f.limit, lookup, sessionMatcher(f));
  }

  async deleteSession(id: string): Promise<void> {
    const entry = this.#entry(id, 'deleteSession', 'id');
    for (const eventId of entry.log.ids()) this.#events.delete(eventId);
    for (const runId of entry.runIds.after(null)) {
      this.#runs.delete(runId);
      this.#runIds.remove(runId);
    }
    this.#sessions.delete(entry.session.id);
    this.#sessionIds.remove(entry.session.id);
  }

  async saveRun(run: Run): Promise<Run> {
    this.#open('saveRun');
    const checked = checkRun(run);
    const entry = this.#entry(checked.sessionId, 'saveRun', 'run.sessionId');
    checkRunVersion(checked, this.#runs.get(checked.id));
    return this.#putRun(entry, checked);
  }

  async getRun(id: string): Promise<Run> {
    this.#open('getRun');
    const run = this.#runs.get(expectString(id, 'id'));
    if (run === undefined) throw storeErrors.runNotFound(id);
    return run;
  }

  async listRuns(sessionId: string, filter?: ListRunsFilter): Promise<Page<Run>> {
    const entry = this.#entry(sessionId, 'listRuns');
    const f = checkRunsFilter(filter);
    const lookup = (id: string) => this.#runs.get(id);
    return pageOf(entry.runIds.after(f.afterId), f.limit, lookup, runMatcher(f));
  }

  async findRuns(filter?: FindRunsFilter): Promise<Page<Run>> {
    this.#open('findRuns');
    const f = checkRunsFilter(filter);
    const lookup = (id: string) => this.#runs.get(id);
    return pageOf(this.#runIds.after(f.afterId), f.limit, lookup, runMatcher(f));
  }

  async getActiveRun(sessionId: string): Promise<Run | null> {
    const entry = this.#entry(sessionId, 'getActiveRun');
    for (const id of entry.runIds.after(null)) {
      const run = this.#runs.get(id);
      if (run?.status === 'running') return run;
    }
    return null;
  }

  async appendEvents(
    sessionId: string,
    events: readonly SessionEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    const entry = this.#entry(sessionId, 'appendEvents');
    const expectedSeq = checkExpectedSeq(options);
    const checked = checkEventBatch(entry.session.id, events, 'events');
    return this.#write(entry, this.#plan(entry.session.id, entry, checked, 'events', expectedSeq));
  }

  async commit(sessionId: string, request: CommitRequest): Promise<CommitResult> {
    this.#open('commit');
    const id = expectString(sessionId, 'sessionId');
    const c = checkCommitRequest(id, request);
    const entry = this.#sessions.get(id);
    if (c.creates) {
      if (entry !== undefined) throw storeErrors.sessionExists(id);
    } else if (entry === undefined) {
      throw storeErrors.sessionNotFound(id);
    } else if (c.session !== null) {
      checkSessionVersion(c.session, entry.session.version);
    }
    if (c.run !== null) checkRunVersion(c.run, this.#runs.get(c.run.id));
    const plan = this.#plan(id, entry ?? null, c.events, 'request.events', c.expectedSeq);
    // Every check passed: from here on nothing throws, so the write is all or nothing.
    const session = c.session === null ? null : this.#putSession(c.session);
    const target = this.#sessions.get(id) as SessionEntry;
    return Object.freeze({
      events: Object.freeze(this.#write(target, plan)),
      session,
      run: c.run === null ? null : this.#putRun(target, c.run),
    });
  }

  async readEvents(sessionId: string, options?: ReadEventsOptions): Promise<SessionEvent[]> {
    const entry = this.#entry(sessionId, 'readEvents');
    return entry.log.read(checkReadOptions(options));
  }

  async latestSeq(sessionId: string): Promise<number> {
    return this.#entry(sessionId, 'latestSeq').log.latestSeq;
  }

  async saveProviderFile(sessionId: string, file: ProviderFile): Promise<void> {
    const entry = this.#entry(sessionId, 'saveProviderFile');
    const { provider, name, data } = checkProviderFile(file);
    entry.files.set(provider, { provider, name, data, updatedAt: nowIso() });
  }

  async getProviderFile(sessionId: string, provider: string): Promise<ProviderFile | null> {
    const entry = this.#entry(sessionId, 'getProviderFile');
    const stored = entry.files.get(expectString(provider, 'provider'));
    if (stored === undefined) return null;
    return Object.freeze({ ...stored, data: new Uint8Array(stored.data) });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#sessions.clear();
    this.#sessionIds.clear();
    this.#runs.clear();
    this.#runIds.clear();
    this.#events.clear();
  }

  *#allEvents(): Iterable<SessionEvent> {
    for (const entry of this.#sessions.values()) yield* entry.log.all();
  }

  #open(operation: string): void {
    if (this.#closed) throw storeErrors.closed('InMemorySessionStore', operation);
  }

  #entry(sessionId: unknown, operation: string, field = 'sessionId'): SessionEntry {
    this.#open(operation);
    const id = expectString(sessionId, field);
    const entry = this.#sessions.get(id);
    if (entry === undefined) throw storeErrors.sessionNotFound(id);
    return entry;
  }

  // The one append path of `appendEvents` and `commit` (entry null: the commit creates the session).
  #plan(
    sessionId: string,
    entry: SessionEntry | null,
    events: readonly SessionEvent[],
    field: string,
    expectedSeq: number | null,
  ): AppendPlan {
    const latest = entry === null ? 0 : entry.log.latestSeq;
    const statusOf = (runId: string) => this.#runs.get(runId)?.status;
    return planAppend(sessionId, events, field, expectedSeq, latest, this.#events, statusOf);
  }

  #putSession(session: Session): Session {
    const saved = Session.stored(session, session.version + 1);
    const entry = this.#sessions.get(saved.id);
    if (entry !== undefined) {
      entry.session = saved;
    } else {
      this.#sessions.set(saved.id, {
        session: saved,
        log: new EventLog(),
        runIds: new SortedIds(),
        files: new Map(),
      });
      this.#sessionIds.insert(saved.id);
    }
    return saved;
  }

  #putRun(entry: SessionEntry, run: Run): Run {
    const saved = Run.stored(run, run.version + 1);
    if (!this.#runs.has(saved.id)) {
      entry.runIds.insert(saved.id);
      this.#runIds.insert(saved.id);
    }
    this.#runs.set(saved.id, saved);
    return saved;
  }

  // Writes a plan; never throws, so a write whose checks passed is never half done.
  #write(entry: SessionEntry, plan: AppendPlan): SessionEvent[] {
    const written: SessionEvent[] = new Array(plan.fresh.length);
    for (let i = 0; i < plan.fresh.length; i++) {
      const stored = entry.log.push(plan.fresh[i] as SessionEvent);
      this.#events.add(stored);
      written[i] = stored;
    }
    if (plan.ids === null) return written;
    return plan.ids.map((id) => this.#events.get(id) as SessionEvent);
  }
}
