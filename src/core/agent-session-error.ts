import {
  type ErrorCategory,
  type ErrorCode,
  errorCategory,
  isErrorCode,
  isRetryableCode,
} from './error-codes.js';

const MARKER = Symbol.for('agent-session-manager.error');

/** Options of the `AgentSessionError` constructor. */
export interface AgentSessionErrorOptions {
  /** Structured, JSON-serializable facts about the failure (ids, statuses, HTTP status…). */
  details?: Readonly<Record<string, unknown>>;
  /** The error that caused this one. */
  cause?: unknown;
}

/** The JSON form of an `AgentSessionError` (what `toJSON()` returns and `fromJSON()` reads). */
export interface AgentSessionErrorJSON {
  name: 'AgentSessionError';
  code: ErrorCode;
  category: ErrorCategory;
  retryable: boolean;
  message: string;
  details: Record<string, unknown>;
  cause?: { name: string; message: string; code?: string } | undefined;
}

/**
 * The one error type of the library: a code from the taxonomy, its category, whether a retry may help,
 * and structured details.
 *
 * @example
 * ```ts
 * try {
 *   await manager.getSession('ses_missing');
 * } catch (error) {
 *   if (AgentSessionError.isInstance(error) && error.code === 'session_not_found') {
 *     // no such session
 *   } else throw error;
 * }
 * ```
 */
export class AgentSessionError extends Error {
  override readonly name = 'AgentSessionError';
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;
  declare readonly cause: unknown;

  constructor(code: ErrorCode, message: string, options: AgentSessionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const known = isErrorCode(code);
    this.code = known ? code : 'unknown_error';
    this.category = errorCategory(this.code);
    this.retryable = isRetryableCode(this.code);
    this.details = Object.freeze(
      known ? { ...options.details } : { ...options.details, unknownCode: String(code) },
    );
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Whether `value` is an `AgentSessionError`, also one made by another copy of this package. */
  static isInstance(value: unknown): value is AgentSessionError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    );
  }

  /** A plain JSON-serializable object; `AgentSessionError.fromJSON` turns it back into an error. */
  toJSON(): AgentSessionErrorJSON {
    const json: AgentSessionErrorJSON = {
      name: 'AgentSessionError',
      code: this.code,
      category: this.category,
      retryable: this.retryable,
      message: this.message,
      details: { ...this.details },
    };
    const cause = describeCause(this.cause);
    if (cause !== undefined) json.cause = cause;
    return json;
  }

  /** Rebuild an error from `toJSON()` output; malformed input throws `validation_error`. */
  static fromJSON(value: unknown): AgentSessionError {
    return parseErrorJSON(value);
  }
}

function describeCause(cause: unknown): AgentSessionErrorJSON['cause'] {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error || AgentSessionError.isInstance(cause)) {
    const err = cause as Error & { code?: unknown };
    const out: { name: string; message: string; code?: string } = {
      name: err.name,
      message: err.message,
    };
    if (typeof err.code === 'string') out.code = err.code;
    return out;
  }
  return { name: typeof cause, message: String(cause) };
}

function parseErrorJSON(value: unknown): AgentSessionError {
  const invalid = (field: string, why: string) =>
    new AgentSessionError('validation_error', `AgentSessionError JSON: ${field} ${why}`, {
      details: { field },
    });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('value', 'must be an object');
  }
  const json = value as Record<string, unknown>;
  if (!isErrorCode(json.code)) throw invalid('code', 'must be a known error code');
  if (typeof json.message !== 'string') throw invalid('message', 'must be a string');
  const details = json.details ?? {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw invalid('details', 'must be an object');
  }
  for (const key of Object.keys(details)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      throw invalid(`details.${key}`, 'is a forbidden key');
    }
  }
  let cause: Error | undefined;
  if (json.cause !== undefined) {
    const c = json.cause as Record<string, unknown> | null;
    if (typeof c !== 'object' || c === null || typeof c.message !== 'string') {
      throw invalid('cause', 'must be an object with a string message');
    }
    cause = new Error(c.message);
    if (typeof c.name === 'string') cause.name = c.name;
    if (typeof c.code === 'string') Object.assign(cause, { code: c.code });
  }
  return new AgentSessionError(json.code, json.message, {
    details: details as Record<string, unknown>,
    cause,
  });
}
