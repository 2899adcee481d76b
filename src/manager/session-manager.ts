import { hostname } from 'node:os';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { type RunInput, runInputOf } from '../core/run-parts.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type {
  ListRunsFilter,
  ListSessionsFilter,
  ReadEventsOptions,
} from '../core/store-queries.js';
import { expectString } from '../core/validate.js';
import { type AuditLogFilter, getAuditLog } from '../observability/audit-log.js';
import { createTelemetry, noopTelemetry } from '../observability/create-telemetry.js';
import type { Page } from '../ports/page.js';
import type { ProviderAdapter } from '../ports/provider-adapter.js';
import type { SessionStore } from '../ports/session-store.js';
import { InMemorySessionStore } from '../stores/memory/in-memory-session-store.js';
import { AdapterHooks } from './control/adapter-hooks.js';
import { RunController } from './control/run-controller.js';
import type { OperationRecord } from './control/run-operations.js';
import { SessionTransitions } from './control/session-transitions.js';
import { EventBus } from './events/event-bus.js';
import { createRunStream, type RunStream } from './events/run-stream.js';
import { type StoredEventsSink, storedEventsSink } from './events/stored-events-sink.js';
import {
  OpenSubscriptions,
  type SubscribeOptions,
  type Subscription,
  subscribe,
} from './events/subscription.js';
import {
  checkManagerOptions,
  expectTimerMs,
  type SessionManagerOptions,
} from './manager-options.js';
import { checkAdapterVersion } from './run/adapter-version.js';
import {
  checkRecoverOptions,
  defaultOwnerId,
  type RecoverOptions,
  recoverAbandonedRuns,
} from './run/recovery.js';
import {
  type RunOnceOptions,
  runMetadata,
  type StartRunOptions,
  type StartSessionAttrs,
} from './run/run-metadata.js';

export type { RunOnceOptions, StartRunOptions, StartSessionAttrs };

import type { RunResult } from './run/run-result.js';
import { UnfinishedRuns } from './run/terminal-writes.js';
import { ConversationCache, EMPTY_CONVERSATION } from './run/transcript.js';
import { ConcurrencyLimiter, type LimiterStatus } from './scheduling/concurrency-limiter.js';
import {
  checkExecuteRunOptions,
  type ExecuteRunOptions,
  RunScheduler,
} from './scheduling/run-scheduler.js';
import { redactedTelemetry, SecretRedactor } from './secret-redactor.js';

/**
 * The runtime: sessions, their runs on one provider adapter, the event log, limits, control,
 * recovery and telemetry. Every status change is stored with its event in one commit;
 * every run's events start with one `run_started` and end with one terminal event.
 *
 * @example
 * ```ts
 * const manager = new SessionManager({ adapter: new MockAdapter({ reply: 'Hi!' }) });
 * const session = await manager.startSession({ agentId: 'helper' });
 * const run = await manager.startRun(session.id, 'Say hi');
 * const result = await manager.executeRun(run.id);
 * result.output?.content; // 'Hi!'
 * await manager.close();
 * ```
 */
export class SessionManager {
  /** The store the manager writes to. */
  readonly store: SessionStore;
  /** The adapter that executes runs. */
  readonly adapter: ProviderAdapter;
  /** This manager's owner id, stored on the runs it executes. */
  readonly ownerId: string;
  readonly #ownsStore: boolean;
  readonly #bus = new EventBus();
  readonly #sink: StoredEventsSink;
  readonly #conversations = new ConversationCache();
  readonly #unfinished = new UnfinishedRuns();
  readonly #limiter: ConcurrencyLimiter;
  readonly #scheduler: RunScheduler;
  readonly #control: RunController;
  readonly #sessions: SessionTransitions;
  readonly #heartbeatIntervalMs: number;
  readonly #redactor: SecretRedactor;
  readonly #startup: Promise<unknown>;
  #closing: Promise<void> | null = null;
  /** Subscriptions not closed yet; `close()` ends them. */
  readonly #subscriptions = new OpenSubscriptions();

  constructor(options: SessionManagerOptions) {
    const o = checkManagerOptions(options);
    checkAdapterVersion(options.adapter);
    this.adapter = options.adapter;
    this.#ownsStore = options.store === undefined;
    this.store = options.store ?? new InMemorySessionStore();
    this.ownerId = o.ownerId ?? defaultOwnerId(hostname(), process.pid);
    this.#heartbeatIntervalMs = o.heartbeatIntervalMs;
    this.#limiter = new ConcurrencyLimiter(o.limits);
    const redactor = new SecretRedactor(o.secrets);
    const telemetry = redactedTelemetry(
      options.telemetry === false ? noopTelemetry : (options.telemetry ?? createTelemetry()),
      redactor,
    );
    this.#redactor = redactor;
    this.#sink = storedEventsSink(this.#bus, telemetry);
    const deps = {
      store: this.store,
      adapter: this.adapter,
      sink: this.#sink,
      telemetry,
      redactor,
      ownerId: this.ownerId,
      heartbeatIntervalMs: o.heartbeatIntervalMs,
      abortGraceMs: o.abortGraceMs,
      conversations: this.#conversations,
      unfinished: this.#unfinished,
    };
    this.#scheduler = new RunScheduler(deps, this.#limiter, o.onLimit);
    this.#control = new RunController(deps, this.#scheduler);
    const hooks = new AdapterHooks({ ...deps, timeoutMs: o.adapterCloseTimeoutMs });
    this.#sessions = new SessionTransitions(this.store, this.#sink, redactor, this.#control, hooks);
    this.#startup =
      o.recoverOnStart === null
        ? Promise.resolve()
        : this.recover(o.recoverOnStart).catch(() => undefined);
  }

  /**
   * Create a pending session; its log starts with `session_created` (seq 1). Secrets in its
   * `agentId`, `context`, `metadata` and `tags` are redacted before it is stored.
   */
  async startSession(attrs: StartSessionAttrs): Promise<Session> {
    this.#open('start a session');
    const session = await this.#sessions.create(attrs);
    // A new session has no conversation yet: its first run need not look for one.
    this.#conversations.set(session, EMPTY_CONVERSATION, true);
    return session;
  }

  /** The stored session (`session_not_found` when missing). */
  getSession(sessionId: string): Promise<Session> {
    return this.store.getSession(sessionId);
  }

  /** Sessions matching the filter, one page at a time. */
  listSessions(filter?: ListSessionsFilter): Promise<Page<Session>> {
    return this.store.listSessions(filter);
  }

  /** pending → active (`session_started`). */
  activateSession(sessionId: string): Promise<Session> {
    return this.#sessions.activate(sessionId);
  }

  /** active → paused (`session_paused`); its queued runs are refused until it is resumed. */
  pauseSession(sessionId: string): Promise<Session> {
    return this.#sessions.pause(sessionId);
  }

  /** paused → active (`session_resumed`). */
  resumeSession(sessionId: string): Promise<Session> {
    return this.#sessions.resume(sessionId);
  }

  /** → completed (`session_completed`). */
  completeSession(sessionId: string): Promise<Session> {
    return this.#sessions.complete(sessionId);
  }

  /** → failed (`session_failed { errorCode, errorMessage }`). */
  failSession(
    sessionId: string,
    error?: { code?: string; message?: string } | Error,
  ): Promise<Session> {
    return this.#sessions.fail(sessionId, error);
  }

  /** → cancelled (`session_cancelled { reason }`), cancelling its queued and running runs. */
  cancelSession(sessionId: string, reason?: string): Promise<Session> {
    return this.#sessions.cancel(sessionId, reason);
  }

  /**
   * A pending run of an active or pending session, after capability negotiation; nothing is
   * stored when a required capability is missing.
   */
  async startRun(sessionId: string, input: RunInput, options: StartRunOptions = {}): Promise<Run> {
    this.#open('start a run');
    const metadata = runMetadata(options, this.adapter);
    const session = await this.store.getSession(expectString(sessionId, 'sessionId'));
    this.#sessions.assertAcceptsRuns(session);
    const safeInput = this.#redactor.data(runInputOf(input, 'input'));
    const safeMetadata = this.#redactor.data(metadata);
    return this.store.saveRun(
      Run.create({ sessionId: session.id, input: safeInput, metadata: safeMetadata }),
    );
  }

  /**
   * Execute a pending run (after the session's earlier runs); resolves with its result, for every
   * way the adapter ends (a result, a throw of anything, an unacceptable result, an abort).
   * `options.timeoutMs` is an integer from 1 to `MAX_TIMER_MS`, else `validation_error`.
   */
  async executeRun(runId: string, options: ExecuteRunOptions = {}): Promise<RunResult> {
    this.#open('execute a run');
    checkExecuteRunOptions(options);
    return this.#scheduler.execute(expectString(runId, 'runId'), options);
  }

  /** Execute a run and iterate over its events as they are stored; `result` resolves at the end. */
  async streamRun(runId: string, options: ExecuteRunOptions = {}): Promise<RunStream<RunResult>> {
    this.#open('stream a run');
    const run = await this.store.getRun(runId);
    const after = await this.store.latestSeq(run.sessionId);
    const deps = { store: this.store, bus: this.#bus, open: this.#subscriptions };
    const subscription = subscribe(deps, run.sessionId, {
      after,
      runId,
      untilTerminalOf: runId,
      signal: options.signal,
    });
    const result = this.executeRun(runId, options);
    // A run cancelled before it started has no events, so no terminal event ends the stream.
    result.then(
      (r) => r.eventCount === 0 && subscription.close(),
      () => subscription.close(),
    );
    return createRunStream(subscription, result);
  }

  /** Start a session, run `input` once, then complete the session (or fail it). */
  async runOnce(
    attrs: StartSessionAttrs,
    input: RunInput,
    options: RunOnceOptions = {},
  ): Promise<RunResult> {
    const { signal, onEvent, timeoutMs, ...start } = options;
    // Checked before anything is stored, so a bad limit leaves no failed session behind.
    if (timeoutMs !== undefined) expectTimerMs(timeoutMs, 'options.timeoutMs');
    const session = await this.startSession(attrs);
    let result: RunResult;
    try {
      const run = await this.startRun(session.id, input, start);
      result = await this.executeRun(run.id, { signal, onEvent, timeoutMs });
    } catch (error) {
      await this.failSession(session.id, error instanceof Error ? error : undefined).catch(
        () => undefined,
      );
      throw error;
    }
    if (result.status === 'completed') await this.completeSession(session.id);
    else await this.failSession(session.id, result.error ?? undefined);
    return result;
  }

  /** Cancel a pending, queued or running run (`run_cancelled`); resolves with the stored run. */
  cancelRun(runId: string, reason?: string): Promise<Run> {
    return this.#control.cancel(runId, reason);
  }

  /** Stop the current turn of a running run (adapter `interrupt`). */
  interruptRun(runId: string): Promise<OperationRecord> {
    return this.#control.apply(runId, 'interrupt');
  }

  /** Pause a running run (adapter `pause`). */
  pauseRun(runId: string): Promise<OperationRecord> {
    return this.#control.apply(runId, 'pause');
  }

  /** Resume a paused run (adapter `resume`). */
  resumeRun(runId: string): Promise<OperationRecord> {
    return this.#control.apply(runId, 'resume');
  }

  /** The control operations applied to a run, oldest first. */
  getRunOperations(runId: string): readonly OperationRecord[] {
    return this.#control.history(runId);
  }

  /** The stored run. */
  getRun(runId: string): Promise<Run> {
    return this.store.getRun(runId);
  }

  /** The session's runs matching the filter, one page at a time. */
  listRuns(sessionId: string, filter?: ListRunsFilter): Promise<Page<Run>> {
    return this.store.listRuns(sessionId, filter);
  }

  /** The session's stored events in `seq` order. */
  getEvents(sessionId: string, options?: ReadEventsOptions): Promise<SessionEvent[]> {
    return this.store.readEvents(sessionId, options);
  }

  /** The session's audit log (its event log) filtered by types, groups, run or position. */
  getAuditLog(sessionId: string, filter?: AuditLogFilter): Promise<SessionEvent[]> {
    return getAuditLog(this.store, sessionId, filter);
  }

  /**
   * Stored events after `after`, then live ones, with no gap and no duplicate; `close()` of the
   * manager ends it. After `close()`, throws `invalid_operation`.
   *
   * @example
   * ```ts
   * for await (const event of manager.subscribe(session.id, { after: 0 })) {
   *   console.log(event.seq, event.type);
   *   if (event.type === 'session_completed') break;
   * }
   * ```
   */
  subscribe(sessionId: string, options?: SubscribeOptions): Subscription {
    this.#open('subscribe');
    const deps = { store: this.store, bus: this.#bus, open: this.#subscriptions };
    return subscribe(deps, sessionId, options);
  }

  /** Slots in use and waited for. */
  limits(): LimiterStatus {
    return this.#limiter.status();
  }

  /**
   * Mark runs stored as `running` whose owner stopped heartbeating failed (`internal_error`,
   * `run_failed`); default `staleAfterMs` is three heartbeat intervals. `isOwnerAlive(owner, run)`
   * may say more: `false` ends the run now (its owner is known to be gone), `true` leaves it alone,
   * `undefined` lets the heartbeat decide.
   *
   * @example
   * ```ts
   * await manager.recover({ isOwnerAlive: (owner) => (owner === crashedOwner ? false : undefined) });
   * ```
   */
  async recover(options: RecoverOptions = {}): Promise<{ recovered: Run[] }> {
    const { staleAfterMs, isOwnerAlive } = checkRecoverOptions(options, this.#heartbeatIntervalMs);
    const recovered = await recoverAbandonedRuns({
      store: this.store,
      bus: this.#sink,
      staleAfterMs,
      isOwnerAlive,
      isExecutingHere: (runId) => this.#scheduler.handle(runId) !== undefined,
    });
    return { recovered };
  }

  /**
   * Stop: cancel queued and running runs (`run_cancelled`, reason `manager_closed`), wait for them,
   * end every open subscription (it delivers the events it holds, then a pending `next()` resolves
   * done), call the adapter's `close()` (bounded), then close the store if the manager created it.
   * Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const handles = this.#scheduler.handles();
    for (const handle of handles) handle.abort({ kind: 'cancel', reason: 'manager_closed' });
    await Promise.all(handles.map((h) => h.settled));
    // Terminal writes that failed (e.g. disk full) get one more chance before the store goes.
    await this.#unfinished.finish();
    await this.#startup;
    this.#subscriptions.endAll();
    await this.#sessions.closeAdapter();
    if (this.#ownsStore) await this.store.close();
  }

  #open(action: string): void {
    if (this.#closing === null) return;
    throw new AgentSessionError(
      'invalid_operation',
      `cannot ${action}: session manager ${this.ownerId} is closed`,
      { details: { ownerId: this.ownerId } },
    );
  }
}
