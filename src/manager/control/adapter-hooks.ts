import { SessionEvent } from '../../core/session-event.js';
import { describeThrown } from '../../core/thrown-value.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { StoredEventsSink } from '../events/stored-events-sink.js';
import type { SecretRedactor } from '../secret-redactor.js';

/** How a bounded hook call ended. */
type HookOutcome = { kind: 'done' } | { kind: 'failed'; error: unknown } | { kind: 'timeout' };

/**
 * Call `hook` and wait for it at most `timeoutMs`. Never throws: a synchronous throw, a rejection
 * and a hook that does not settle in time are outcomes. A late settlement is ignored.
 */
async function callBounded(hook: () => unknown, timeoutMs: number): Promise<HookOutcome> {
  let promise: Promise<unknown>;
  try {
    promise = Promise.resolve(hook());
  } catch (error) {
    return { kind: 'failed', error };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<HookOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  const settled = promise.then(
    (): HookOutcome => ({ kind: 'done' }),
    (error: unknown): HookOutcome => ({ kind: 'failed', error }),
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the hooks report through: the store and channel of the session's events. */
export interface AdapterHookDeps {
  readonly adapter: ProviderAdapter;
  readonly store: SessionStore;
  readonly sink: StoredEventsSink;
  readonly redactor: SecretRedactor;
  /** How long a hook call is waited for. */
  readonly timeoutMs: number;
}

/**
 * The adapter's optional lifecycle hooks, as the manager calls them: `closeSession` once a
 * session has ended (completed, failed, cancelled), `close` once on shutdown. Both are bounded
 * by `timeoutMs`, and neither can fail the manager's own operation. A `closeSession` that throws,
 * rejects or overruns is noted on the session's log as a non-fatal `error_occurred`.
 */
export class AdapterHooks {
  readonly #deps: AdapterHookDeps;
  #closed = false;

  constructor(deps: AdapterHookDeps) {
    this.#deps = deps;
  }

  /** Call `adapter.closeSession(sessionId)`, if the adapter has it. */
  async sessionEnded(sessionId: string): Promise<void> {
    const { adapter, timeoutMs } = this.#deps;
    const hook = readHook(adapter, 'closeSession');
    if (hook === null) return;
    const outcome = await callBounded(() => hook.call(adapter, sessionId), timeoutMs);
    if (outcome.kind !== 'done') await this.#report(sessionId, outcome);
  }

  /** Call `adapter.close()` once, if the adapter has it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { adapter, timeoutMs } = this.#deps;
    const hook = readHook(adapter, 'close');
    // The store may be closing next: a failure here has no session log to go to.
    if (hook !== null) await callBounded(() => hook.call(adapter), timeoutMs);
  }

  async #report(sessionId: string, outcome: Exclude<HookOutcome, { kind: 'done' }>) {
    const { adapter, store, sink, redactor, timeoutMs } = this.#deps;
    const why =
      outcome.kind === 'timeout'
        ? `did not settle within ${timeoutMs} ms`
        : `failed: ${describeThrown(outcome.error).message}`;
    try {
      const event = SessionEvent.create({
        type: 'error_occurred',
        sessionId,
        provider: adapter.name,
        data: {
          errorCode: 'provider_error',
          errorMessage: redactor.string(
            `adapter ${adapter.name}: closeSession of session ${sessionId} ${why}`,
          ),
          fatal: false,
        },
      });
      sink.publish(sessionId, await store.appendEvents(sessionId, [event]));
    } catch {
      // Reporting is best effort: the session's own transition has already been stored.
    }
  }
}

/** `adapter[name]` when it is a function; null when absent, not a function or unreadable. */
function readHook(
  adapter: ProviderAdapter,
  name: 'closeSession' | 'close',
): ((...args: unknown[]) => unknown) | null {
  try {
    const value: unknown = adapter[name];
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : null;
  } catch {
    return null;
  }
}
