import { AgentSessionError } from '../core/agent-session-error.js';
import { isErrorCode } from '../core/error-codes.js';
import { redactText, secretList } from '../core/redact-text.js';
import type { Run } from '../core/run.js';
import { attempt } from '../core/thrown-value.js';
import { isPlainObject, jsonData } from '../core/validate.js';
import type { RunTelemetryStart, RunTrace, Telemetry } from '../observability/telemetry.js';

export { REDACTED } from '../core/redact-text.js';

/** How deep, and through how many values, an error's cause is searched for secrets. */
const CAUSE_DEPTH = 16;
const CAUSE_NODES = 10_000;

/** Own property names of an object (non-enumerable ones too, for errors), or null if unreadable. */
function ownKeys(value: object): string[] | null {
  return attempt<string[] | null>(() => {
    const keys =
      value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value as object);
    return keys.filter((k) => typeof k === 'string');
  }, null);
}

function read(value: object, key: string): unknown {
  return attempt(() => (value as Record<string, unknown>)[key], '[unreadable]');
}

/**
 * Replaces every occurrence of configured secret values (API keys, tokens) in strings, JSON data and
 * errors (their causes included, recursively, with every own property), before anything is
 * stored, published or thrown. With no secrets it returns its input untouched, so the common case
 * costs one branch. It never throws, whatever an error's cause holds.
 *
 * @example
 * ```ts
 * const redactor = new SecretRedactor(['sk-123']);
 * redactor.string('key sk-123'); // 'key [redacted]'
 * ```
 */
export class SecretRedactor {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[] = []) {
    this.#secrets = secretList(secrets);
  }

  /** Whether any secret is configured. */
  get active(): boolean {
    return this.#secrets.length > 0;
  }

  /** `text` with every secret replaced. */
  string(text: string): string {
    return redactText(text, this.#secrets);
  }

  /** `text` redacted, or null when it is null. */
  optional(text: string | null): string | null {
    return text === null ? null : this.string(text);
  }

  /**
   * JSON data with every string (keys included) redacted; the same value when nothing changed.
   * Data that cannot be read (a getter or a Proxy trap that throws) throws `validation_error`
   * naming the part under `field`, as validation would.
   */
  data<T>(value: T, field = 'data'): T {
    if (this.#secrets.length === 0) return value;
    try {
      return this.#walk(value, 0) as T;
    } catch {
      // Throws the validation error naming the part; if the value reads fine this time, its
      // validated snapshot is redacted instead.
      return this.#walk(jsonData(value, field), 0) as T;
    }
  }

  /**
   * The same error, or a copy whose message, details, stack and cause are redacted. A cause holding
   * a secret anywhere (its message, stack, any own property such as an HTTP client's
   * `config.headers`, its own cause) is replaced by a redacted copy of plain values.
   */
  error(error: AgentSessionError): AgentSessionError {
    if (this.#secrets.length === 0) return error;
    const message = this.string(error.message);
    const details = this.data(error.details);
    const leaks = this.#leaks(error.cause, 0, new Set(), { nodes: 0 });
    const stack = attempt(() => error.stack, undefined);
    const stackLeaks = typeof stack === 'string' && this.string(stack) !== stack;
    if (message === error.message && details === error.details && !leaks && !stackLeaks) {
      return error;
    }
    const cause = leaks ? this.#copy(error.cause, 0, new Set()) : error.cause;
    const copy = new AgentSessionError(error.code, message, {
      details,
      ...(cause === undefined ? {} : { cause }),
    });
    copy.stack = this.string(stack ?? '');
    return copy;
  }

  /** Whether any string reachable from `value` holds a secret (or the search had to stop). */
  #leaks(value: unknown, depth: number, seen: Set<object>, count: { nodes: number }): boolean {
    if (typeof value === 'string') return this.string(value) !== value;
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
    if (seen.has(value)) return false;
    if (depth > CAUSE_DEPTH || ++count.nodes > CAUSE_NODES) return true;
    seen.add(value);
    const keys = ownKeys(value);
    // What cannot be read cannot be shown to be clean.
    if (keys === null) return true;
    for (const key of keys) {
      if (this.string(key) !== key) return true;
      if (this.#leaks(read(value, key), depth + 1, seen, count)) return true;
    }
    return false;
  }

  /** A copy of plain values with every string redacted; errors stay errors. */
  #copy(value: unknown, depth: number, ancestors: Set<object>): unknown {
    if (typeof value === 'string') return this.string(value);
    if (typeof value === 'function') return '[function]';
    if (typeof value !== 'object' || value === null) return value;
    if (ancestors.has(value)) return '[circular]';
    if (depth > CAUSE_DEPTH) return '[truncated]';
    ancestors.add(value);
    try {
      const isError = attempt(() => value instanceof Error, false);
      if (isError) return this.#copyError(value as Error, depth, ancestors);
      if (attempt(() => Array.isArray(value), false)) {
        const items = attempt(() => [...(value as unknown[])].slice(0, 1000), []);
        return items.map((item) => this.#copy(item, depth + 1, ancestors));
      }
      const keys = ownKeys(value);
      if (keys === null) return '[unreadable]';
      const out: Record<string, unknown> = {};
      for (const key of keys.slice(0, 1000)) {
        out[this.string(key)] = this.#copy(read(value, key), depth + 1, ancestors);
      }
      return out;
    } finally {
      ancestors.delete(value);
    }
  }

  #copyError(error: Error, depth: number, ancestors: Set<object>): Error {
    const text = (key: string) => {
      const v = read(error, key);
      return typeof v === 'string' ? this.string(v) : undefined;
    };
    const message = text('message') ?? '';
    const cause = read(error, 'cause');
    const safeCause = cause === undefined ? undefined : this.#copy(cause, depth + 1, ancestors);
    const code = read(error, 'code');
    const copy =
      attempt(() => AgentSessionError.isInstance(error), false) && isErrorCode(code)
        ? new AgentSessionError(code, message, {
            details: this.#copy(read(error, 'details'), depth + 1, ancestors) as Record<
              string,
              unknown
            >,
            ...(safeCause === undefined ? {} : { cause: safeCause }),
          })
        : new Error(message, safeCause === undefined ? undefined : { cause: safeCause });
    const skip = new Set(['message', 'stack', 'cause', 'details', 'name', 'code']);
    const extra = copy as unknown as Record<string, unknown>;
    for (const key of ownKeys(error) ?? []) {
      if (skip.has(key)) continue;
      extra[this.string(key)] = this.#copy(read(error, key), depth + 1, ancestors);
    }
    if (!AgentSessionError.isInstance(copy)) {
      const name = text('name');
      if (name !== undefined) Object.defineProperty(copy, 'name', { value: name });
      if (typeof code === 'string') extra.code = this.string(code);
    }
    copy.stack = text('stack') ?? '';
    return copy;
  }

  #walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.string(value);
    if (typeof value !== 'object' || value === null || depth > 64) return value;
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((item) => {
        const next = this.#walk(item, depth + 1);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? out : value;
    }
    if (!isPlainObject(value)) return value;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const safeKey = this.string(key);
      const next = this.#walk(value[key], depth + 1);
      if (next !== value[key] || safeKey !== key) changed = true;
      out[safeKey] = next;
    }
    return changed ? out : value;
  }
}

/**
 * `telemetry` seeing only redacted values: the run, session, model and error of each trace (span
 * attributes and diagnostics messages are built from them). Stored event batches are passed as
 * they are: they were redacted before they were stored. Without secrets, `telemetry` itself.
 */
export function redactedTelemetry(telemetry: Telemetry, redactor: SecretRedactor): Telemetry {
  if (!redactor.active) return telemetry;
  return {
    startRun(start: RunTelemetryStart): RunTrace {
      const trace = telemetry.startRun({
        run: redactor.data(start.run),
        session: redactor.data(start.session),
        provider: redactor.string(start.provider),
        model: redactor.optional(start.model),
      });
      return {
        end(run: Run, error?: AgentSessionError) {
          trace.end(redactor.data(run), error === undefined ? undefined : redactor.error(error));
        },
      };
    },
    eventsStored(events) {
      telemetry.eventsStored(events);
    },
  };
}
