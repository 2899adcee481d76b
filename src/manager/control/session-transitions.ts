import { AgentSessionError } from '../../core/agent-session-error.js';
import { isErrorCode } from '../../core/error-codes.js';
import { Session, type SessionAttrs } from '../../core/session.js';
import type { CommitResult } from '../../core/store-queries.js';
import { expectString } from '../../core/validate.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { StoredEventsSink } from '../events/stored-events-sink.js';
import type { SecretRedactor } from '../secret-redactor.js';
import type { AdapterHooks } from './adapter-hooks.js';
import type { RunController } from './run-controller.js';
import { createSession, type SessionTransition, transitionSession } from './session-writes.js';

/** Session status changes, each stored with its `session_*` event and published. */
export class SessionTransitions {
  readonly #store: SessionStore;
  readonly #bus: StoredEventsSink;
  readonly #redactor: SecretRedactor;
  readonly #runs: RunController;
  readonly #hooks: AdapterHooks;

  constructor(
    store: SessionStore,
    bus: StoredEventsSink,
    redactor: SecretRedactor,
    runs: RunController,
    hooks: AdapterHooks,
  ) {
    this.#store = store;
    this.#bus = bus;
    this.#redactor = redactor;
    this.#runs = runs;
    this.#hooks = hooks;
  }

  /** The adapter's `close()` hook (bounded, never throws), for the manager's shutdown. */
  closeAdapter(): Promise<void> {
    return this.#hooks.close();
  }

  async create(attrs: SessionAttrs): Promise<Session> {
    const { session, events } = await createSession(this.#store, this.#redacted(attrs));
    this.#bus.publish(session.id, events);
    return session;
  }

  /** `attrs` validated, with secrets in `agentId`, `context`, `metadata` and `tags` redacted. */
  #redacted(attrs: SessionAttrs): SessionAttrs {
    const r = this.#redactor;
    if (!r.active) return attrs;
    const checked = Session.create(attrs);
    return {
      ...(attrs.id === undefined ? {} : { id: checked.id }),
      agentId: r.string(checked.agentId),
      parentSessionId: checked.parentSessionId,
      context: r.data(checked.context) as Record<string, unknown>,
      metadata: r.data(checked.metadata) as Record<string, unknown>,
      tags: checked.tags.map((tag) => r.string(tag)),
      providerSessionId: r.optional(checked.providerSessionId),
    };
  }

  /** Throw `invalid_operation` unless the session may get new runs (pending or active). */
  assertAcceptsRuns(session: Session): void {
    if (session.status === 'pending' || session.status === 'active') return;
    throw new AgentSessionError(
      'invalid_operation',
      `cannot start a run in session ${session.id}: it is ${session.status}`,
      { details: { sessionId: session.id, status: session.status } },
    );
  }

  activate(id: string): Promise<Session> {
    return this.#move(id, { to: 'active', from: ['pending'] });
  }

  pause(id: string): Promise<Session> {
    return this.#move(id, { to: 'paused', from: ['active'] });
  }

  resume(id: string): Promise<Session> {
    return this.#move(id, { to: 'active', from: ['paused'], eventType: 'session_resumed' });
  }

  async complete(id: string): Promise<Session> {
    const session = await this.#move(id, { to: 'completed', from: ['active', 'paused'] });
    await this.#hooks.sessionEnded(session.id);
    return session;
  }

  async fail(id: string, error?: { code?: string; message?: string } | Error): Promise<Session> {
    const rawCode = (error as { code?: unknown } | undefined)?.code;
    const code = isErrorCode(rawCode) ? rawCode : 'unknown_error';
    const message = this.#redactor.string(
      typeof error?.message === 'string' && error.message.length > 0
        ? error.message
        : 'session failed',
    );
    const session = await this.#move(id, {
      to: 'failed',
      from: ['pending', 'active', 'paused'],
      data: { errorCode: code, errorMessage: message },
    });
    await this.#hooks.sessionEnded(session.id);
    return session;
  }

  async cancel(id: string, reason = 'cancelled'): Promise<Session> {
    const why = this.#redactor.string(expectString(reason, 'reason'));
    const session = await this.#move(id, {
      to: 'cancelled',
      from: ['pending', 'active', 'paused'],
      data: { reason: why },
    });
    await this.#runs.cancelSessionRuns(session.id, `session cancelled: ${why}`);
    await this.#hooks.sessionEnded(session.id);
    return this.#store.getSession(session.id);
  }

  async #move(id: string, change: SessionTransition): Promise<Session> {
    const result: CommitResult = await transitionSession(
      this.#store,
      expectString(id, 'sessionId'),
      change,
    );
    this.#bus.publish(id, result.events);
    return result.session as Session;
  }
}
