import {
  expectInteger,
  expectObject,
  expectOneOf,
  expectString,
  invalid,
} from '../core/validate.js';
import type { Telemetry } from '../observability/telemetry.js';
import type { ProviderAdapter } from '../ports/provider-adapter.js';
import type { SessionStore } from '../ports/session-store.js';
import type { ConcurrencyLimits } from './scheduling/concurrency-limiter.js';

/**
 * Longest delay accepted by every timer option of the manager (`timeoutMs`, `heartbeatIntervalMs`,
 * a subscription's `pollIntervalMs`): 2^31 - 1 ms, about 24.8 days. Node's timers cannot wait
 * longer: a larger delay fires after 1 ms. Larger values are rejected, not clamped, so a typo
 * never turns into a different limit.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `value` as a timer delay in ms: an integer from `min` to {@link MAX_TIMER_MS}; otherwise a
 * `validation_error` naming `field` and the bounds.
 *
 * @example
 * ```ts
 * expectTimerMs(30_000, 'options.timeoutMs'); // 30000
 * expectTimerMs(2 ** 31, 'options.timeoutMs'); // throws: options.timeoutMs must be at most 2147483647 ms
 * ```
 */
export function expectTimerMs(value: unknown, field: string, min = 1): number {
  const ms = expectInteger(value, field, min);
  if (ms > MAX_TIMER_MS) {
    invalid(field, `must be at most ${MAX_TIMER_MS} ms (about 24.8 days), got ${ms}`);
  }
  return ms;
}

/** Whether `value` is a timer delay `expectTimerMs` accepts. */
export function isTimerMs(value: unknown, min = 1): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= min &&
    value <= MAX_TIMER_MS
  );
}

/** Global limits of a `SessionManager`, and what happens when they are reached. */
export interface ManagerLimits extends ConcurrencyLimits {
  /** `'reject'` (default) throws `max_sessions_exceeded` / `max_runs_exceeded`; `'wait'` queues. */
  onLimit?: 'reject' | 'wait';
}

/**
 * Options of `new SessionManager(options)`. Only `adapter` is required.
 *
 * @example
 * ```ts
 * const manager = new SessionManager({
 *   adapter: new MockAdapter(),
 *   store: new SqliteSessionStore({ path: './sessions.db' }),
 *   limits: { maxParallelRuns: 4, onLimit: 'wait' },
 *   secrets: [process.env.ANTHROPIC_API_KEY ?? ''].filter(Boolean),
 *   recoverOnStart: true,
 * });
 * ```
 */
export interface SessionManagerOptions {
  /** Where sessions, runs and events live; default a new `InMemorySessionStore` (closed by `close()`). */
  store?: SessionStore;
  /** The provider that executes runs. */
  adapter: ProviderAdapter;
  limits?: ManagerLimits;
  /** Default `createTelemetry()`; `false` turns telemetry off. */
  telemetry?: Telemetry | false;
  /** Who executes runs, stored on them for recovery; default `host:pid:random`. */
  ownerId?: string;
  /** How often a running run's `heartbeatAt` is refreshed (default 5000 ms; 1 to `MAX_TIMER_MS`). */
  heartbeatIntervalMs?: number;
  /**
   * How long a cancelled or timed-out run keeps its slot (and the next run of its session waits)
   * for its adapter's `execute` to return (default 5000 ms). An adapter still running after that
   * is given up: a session-level `error_occurred` (`fatal: false`) says so and the slot is freed.
   */
  abortGraceMs?: number;
  /**
   * How long `completeSession`, `failSession` and `cancelSession` wait for the adapter's
   * `closeSession`, and `close()` for its `close` (default 5000 ms; 0 to `MAX_TIMER_MS`). A hook
   * still running after that is left to finish on its own.
   */
  adapterCloseTimeoutMs?: number;
  /** Run `recover()` in the background when the manager starts (default false). */
  recoverOnStart?: boolean | { staleAfterMs?: number };
  /** Values (API keys, tokens) replaced by `[redacted]` in everything stored, published or thrown. */
  secrets?: readonly string[];
}

/** Options after validation. */
export interface CheckedManagerOptions {
  readonly limits: ConcurrencyLimits;
  readonly onLimit: 'reject' | 'wait';
  readonly ownerId: string | null;
  readonly heartbeatIntervalMs: number;
  readonly abortGraceMs: number;
  readonly adapterCloseTimeoutMs: number;
  readonly recoverOnStart: { staleAfterMs: number | undefined } | null;
  readonly secrets: readonly string[];
}

const ON_LIMIT = ['reject', 'wait'] as const;

function checkAdapter(value: unknown): void {
  const adapter = expectObject(value, 'options.adapter');
  expectString(adapter.name, 'options.adapter.name');
  for (const method of ['capabilities', 'execute'] as const) {
    if (typeof adapter[method] !== 'function') {
      invalid(`options.adapter.${method}`, 'must be a function');
    }
  }
}

function isPlainOrClassObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validate `SessionManager` options; a bad one throws `validation_error` naming the field. */
export function checkManagerOptions(options: unknown): CheckedManagerOptions {
  if (!isPlainOrClassObject(options)) invalid('options', 'must be an object');
  const o = options as Record<string, unknown>;
  if (!isPlainOrClassObject(o.adapter)) invalid('options.adapter', 'is required');
  // Adapters are usually class instances: check their shape, not their prototype.
  checkAdapter({
    name: o.adapter.name,
    capabilities: o.adapter.capabilities,
    execute: o.adapter.execute,
  });
  if (o.store !== undefined) {
    const store = o.store as Record<string, unknown> | null;
    if (!isPlainOrClassObject(store) || typeof store.commit !== 'function') {
      invalid('options.store', 'must be a SessionStore');
    }
  }
  const limits = o.limits === undefined ? {} : expectObject(o.limits, 'options.limits');
  const onLimit =
    limits.onLimit === undefined
      ? 'reject'
      : expectOneOf(limits.onLimit, ON_LIMIT, 'options.limits.onLimit');
  for (const key of ['maxParallelSessions', 'maxParallelRuns'] as const) {
    if (limits[key] !== undefined) expectInteger(limits[key], `options.limits.${key}`, 1);
  }
  const telemetry = o.telemetry;
  if (telemetry !== undefined && telemetry !== false) {
    const t = telemetry as Record<string, unknown> | null;
    if (
      !isPlainOrClassObject(t) ||
      typeof t.startRun !== 'function' ||
      typeof t.eventsStored !== 'function'
    ) {
      invalid('options.telemetry', 'must be a Telemetry (startRun, eventsStored) or false');
    }
  }
  const ownerId = o.ownerId === undefined ? null : expectString(o.ownerId, 'options.ownerId');
  const heartbeatIntervalMs =
    o.heartbeatIntervalMs === undefined
      ? 5000
      : expectTimerMs(o.heartbeatIntervalMs, 'options.heartbeatIntervalMs');
  return Object.freeze({
    limits: {
      maxParallelSessions: limits.maxParallelSessions as number | undefined,
      maxParallelRuns: limits.maxParallelRuns as number | undefined,
    },
    onLimit,
    ownerId,
    heartbeatIntervalMs,
    abortGraceMs:
      o.abortGraceMs === undefined
        ? 5000
        : expectTimerMs(o.abortGraceMs, 'options.abortGraceMs', 0),
    adapterCloseTimeoutMs:
      o.adapterCloseTimeoutMs === undefined
        ? 5000
        : expectTimerMs(o.adapterCloseTimeoutMs, 'options.adapterCloseTimeoutMs', 0),
    recoverOnStart: checkRecoverOnStart(o.recoverOnStart),
    secrets: checkSecrets(o.secrets),
  });
}

function checkRecoverOnStart(value: unknown): { staleAfterMs: number | undefined } | null {
  if (value === undefined || value === false) return null;
  if (value === true) return { staleAfterMs: undefined };
  const r = expectObject(value, 'options.recoverOnStart');
  return {
    staleAfterMs:
      r.staleAfterMs === undefined
        ? undefined
        : expectInteger(r.staleAfterMs, 'options.recoverOnStart.staleAfterMs', 0),
  };
}

function checkSecrets(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid('options.secrets', 'must be an array of strings');
  return value.map((secret, i) => {
    if (typeof secret !== 'string' || secret.length === 0) {
      invalid(`options.secrets[${i}]`, 'must be a non-empty string');
    }
    return secret;
  });
}
