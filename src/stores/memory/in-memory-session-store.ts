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
import { expectInteger, expectObject, expectString, invalid } from '../../core/validate.js';
import type { Page } from '../../ports/page.js';
import type { SessionStore } from '../../ports/session-store.js';
import { type AppendPlan, planAppend, planFresh } from './append-plan.js';
import { EventIndex } from './event-index.js';
import { EventLog } from './event-log.js';
import { pageOf, runMatcher, sessionMatcher } from './listing.js';
import { SortedIds } from './sorted-ids.js';
import { storeErrors } from './store-errors.js';
import { assertRunVersion, assertSessionVersion } from './value-checks.js';

interface SessionEntry {
  session: Session;
  readonly log: EventLog;
  readonly runIds: SortedIds;
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
    this.#open();
    const checked = Session.fromJSON(session);
    assertSessionVersion(checked, this.#sessions.get(checked.id)?.session);
    return this.#putSession(checked);
  }

  async getSession(id: string): Promise<Session> {
    return this.#entry(id, 'id').session;
  }

  async listSessions(filter?: ListSessionsFilter): Promise<Page<Session>> {
    this.#open();
    const f = checkSessionsFilter(filter);
    const lookup = (id: string) => this.#sessions.get(id)?.session;
    return pageOf(this.#sessionIds.after(f.afterId), f.limit, lookup, sessionMatcher(f));
  }

  async deleteSession(id: string): Promise<void> {
    const entry = this.#entry(id, 'id');
    for (const eventId of entry.log.ids()) this.#events.delete(eventId);
    for (const runId of entry.runIds.after(null)) {
      this.#runs.delete(runId);
      this.#runIds.remove(runId);
    }
    this.#sessions.delete(entry.session.id);
    this.#sessionIds.remove(entry.session.id);
  }

  async saveRun(run: Run): Promise<Run> {
    this.#open();
    const checked = Run.fromJSON(run);
    const entry = this.#entry(checked.sessionId, 'run.sessionId');
    assertRunVersion(checked, this.#runs.get(checked.id));
    return this.#putRun(entry, checked);
  }

  async getRun(id: string): Promise<Run> {
    this.#open();
    const run = this.#runs.get(expectString(id, 'id'));
    if (run === undefined) throw storeErrors.runNotFound(id);
    return run;
  }

  async listRuns(sessionId: string, filter?: ListRunsFilter): Promise<Page<Run>> {
    const entry = this.#entry(sessionId);
    const f = checkRunsFilter(filter);
    const lookup = (id: string) => this.#runs.get(id);
    return pageOf(entry.runIds.after(f.afterId), f.limit, lookup, runMatcher(f));
  }

  async findRuns(filter?: FindRunsFilter): Promise<Page<Run>> {
    this.#open();
    const f = checkRunsFilter(filter);
    const lookup = (id: string) => this.#runs.get(id);
    return pageOf(this.#runIds.after(f.afterId), f.limit, lookup, runMatcher(f));
  }

  async getActiveRun(sessionId: string): Promise<Run | null> {
    const entry = this.#entry(sessionId);
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
    const entry = this.#entry(sessionId);
    const expectedSeq = checkExpectedSeq(options);
    const latest = entry.log.latestSeq;
    if (expectedSeq === null || expectedSeq === latest) {
      const written = this.#writeFresh(entry, planFresh(sessionId, events));
      if (written !== null) return written;
    }
    return this.#write(entry, planAppend(sessionId, events, expectedSeq, latest, this.#events));
  }

  async commit(sessionId: string, request: CommitRequest): Promise<CommitResult> {
    const entry = this.#entry(sessionId);
    const r = expectObject(request, 'request');
    const session = r.session === undefined ? null : Session.fromJSON(r.session);
    if (session !== null) {
      if (session.id !== sessionId) invalid('request.session.id', `must be ${sessionId}`);
      assertSessionVersion(session, entry.session);
    }
    const run = r.run === undefined ? null : Run.fromJSON(r.run);
    if (run !== null) {
      if (run.sessionId !== sessionId) invalid('request.run.sessionId', `must be ${sessionId}`);
      assertRunVersion(run, this.#runs.get(run.id));
    }
    const expectedSeq =
      r.expectedSeq === undefined ? null : expectInteger(r.expectedSeq, 'request.expectedSeq', 0);
    const plan = planAppend(
      sessionId,
      r.events ?? [],
      expectedSeq,
      entry.log.latestSeq,
      this.#events,
    );
    // Every check passed: from here on nothing throws, so the write is all or nothing.
    return Object.freeze({
      events: Object.freeze(this.#write(entry, plan)),
      session: session === null ? null : this.#putSession(session),
      run: run === null ? null : this.#putRun(entry, run),
    });
  }

  async readEvents(sessionId: string, options?: ReadEventsOptions): Promise<SessionEvent[]> {
    const entry = this.#entry(sessionId);
    return entry.log.read(checkReadOptions(options));
  }

  async latestSeq(sessionId: string): Promise<number> {
    return this.#entry(sessionId).log.latestSeq;
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

  #open(): void {
    if (this.#closed) throw storeErrors.closed();
  }

  #entry(sessionId: unknown, field = 'sessionId'): SessionEntry {
    this.#open();
    const id = expectString(sessionId, field);
    const entry = this.#sessions.get(id);
    if (entry === undefined) throw storeErrors.sessionNotFound(id);
    return entry;
  }

  #putSession(session: Session): Session {
    const saved = Object.freeze({ ...session, updatedAt: nowIso(), version: session.version + 1 });
    const entry = this.#sessions.get(saved.id);
    if (entry !== undefined) {
      entry.session = saved;
    } else {
      this.#sessions.set(saved.id, {
        session: saved,
        log: new EventLog(),
        runIds: new SortedIds(),
      });
      this.#sessionIds.insert(saved.id);
    }
    return saved;
  }

  #putRun(entry: SessionEntry, run: Run): Run {
    const saved = Object.freeze({ ...run, version: run.version + 1 });
    if (!this.#runs.has(saved.id)) {
      entry.runIds.insert(saved.id);
      this.#runIds.insert(saved.id);
    }
    this.#runs.set(saved.id, saved);
    return saved;
  }

  // Writes validated events; an id already stored or repeated within the batch undoes everything
  // written and returns null, so the caller falls back to the full plan (a retry or already_exists).
  #writeFresh(entry: SessionEntry, fresh: readonly SessionEvent[]): SessionEvent[] | null {
    const start = entry.log.latestSeq;
    const written: SessionEvent[] = new Array(fresh.length);
    for (let i = 0; i < fresh.length; i++) {
      const event = fresh[i] as SessionEvent;
      if (this.#events.has(event.id)) {
        for (let j = 0; j < i; j++) this.#events.delete((written[j] as SessionEvent).id);
        entry.log.truncate(start);
        return null;
      }
      const stored = entry.log.push(event);
      this.#events.add(stored);
      written[i] = stored;
    }
    return written;
  }

  #write(entry: SessionEntry, plan: AppendPlan): SessionEvent[] {
    const written: SessionEvent[] = new Array(plan.fresh.length);
    for (let i = 0; i < plan.fresh.length; i++) {
      const stored = entry.log.push(plan.fresh[i] as SessionEvent);
      this.#events.add(stored);
      written[i] = stored;
    }
    if (written.length === plan.ids.length) return written;
    return plan.ids.map((id) => this.#events.get(id) as SessionEvent);
  }
}
