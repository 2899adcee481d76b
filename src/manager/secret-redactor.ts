import { AgentSessionError } from '../core/agent-session-error.js';
import { isPlainObject } from '../core/validate.js';

/** What replaces a secret. */
export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of configured secret values (API keys, tokens) in strings, JSON data and
 * errors, before anything is stored, published or thrown. With no secrets it returns its input
 * untouched, so the common case costs one branch.
 */
export class SecretRedactor {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[] = []) {
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  }

  /** Whether any secret is configured. */
  get active(): boolean {
    return this.#secrets.length > 0;
  }

  /** `text` with every secret replaced. */
  string(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** JSON data with every string (keys included) redacted; the same value when nothing changed. */
  data<T>(value: T): T {
    if (this.#secrets.length === 0) return value;
    return this.#walk(value, 0) as T;
  }

  /** The same error, or a copy whose message, details and cause text are redacted. */
  error(error: AgentSessionError): AgentSessionError {
    if (this.#secrets.length === 0) return error;
    const message = this.string(error.message);
    const details = this.data(error.details);
    if (message === error.message && details === error.details && !this.#causeLeaks(error.cause)) {
      return error;
    }
    const copy = new AgentSessionError(error.code, message, { details });
    // The cause may hold the secret (an SDK error quoting the key): keep only a redacted summary.
    if (error.cause !== undefined) {
      const cause = new Error(this.string(summary(error.cause)));
      Object.defineProperty(copy, 'cause', { value: cause, enumerable: false });
    }
    copy.stack = this.string(error.stack ?? '');
    return copy;
  }

  #causeLeaks(cause: unknown): boolean {
    if (cause === undefined) return false;
    const text = describe(cause);
    return this.string(text) !== text;
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

function summary(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}\n${cause.stack ?? ''}`;
  return String(cause);
}
