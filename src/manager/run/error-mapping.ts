import { AgentSessionError } from '../../core/agent-session-error.js';
import { isErrorCode } from '../../core/error-codes.js';

/** Why the manager aborted a run: a cancellation (by call, signal or shutdown) or its time limit. */
export type RunAbort =
  | { readonly kind: 'cancel'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

/** Longest description of a thrown value kept in an error message. */
export const MAX_DESCRIPTION_LENGTH = 4096;

function clip(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** `read()`, or `fallback` when reading throws (a getter, a Proxy trap, a revoked Proxy). */
function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Whether `value` is an `Error`, without letting a Proxy trap throw. */
export function isErrorSafe(value: unknown): value is Error {
  return attempt(() => value instanceof Error, false);
}

/** A string property of an object, or null when it is missing, not a string or unreadable. */
function stringProperty(value: object, key: string): string | null {
  return attempt(() => {
    const v = (value as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : null;
  }, null);
}

/**
 * A short description of any thrown value, `{ name, message }`, that never throws itself: values
 * `String()` cannot convert (`Object.create(null)`, a throwing `toString`, a Proxy, a revoked
 * Proxy, a Symbol) are described by their type. `printable` is false when the value resisted
 * being read, so it must not be kept as a `cause` either.
 */
export function describeThrown(value: unknown): {
  name: string;
  message: string;
  printable: boolean;
} {
  switch (typeof value) {
    case 'string':
      return { name: 'string', message: clip(value), printable: true };
    case 'undefined':
      return { name: 'undefined', message: 'undefined', printable: true };
    case 'symbol':
      return {
        name: 'symbol',
        message: attempt(() => clip(value.toString()), 'Symbol()'),
        printable: true,
      };
    case 'bigint':
    case 'number':
    case 'boolean':
      return { name: typeof value, message: attempt(() => String(value), '?'), printable: true };
    case 'function':
      return { name: 'function', message: 'a function', printable: true };
  }
  if (value === null) return { name: 'null', message: 'null', printable: true };
  const obj = value as object;
  if (isErrorSafe(obj)) {
    const name = stringProperty(obj, 'name');
    const message = stringProperty(obj, 'message');
    return {
      name: clip(name ?? 'Error', 128),
      message: message === null ? 'an error whose message cannot be read' : clip(message),
      printable: name !== null && message !== null,
    };
  }
  const text = attempt<string | null>(() => {
    const s = String(obj);
    return typeof s === 'string' ? s : null;
  }, null);
  if (text !== null) return { name: 'object', message: clip(text), printable: true };
  return { name: 'object', message: 'an unprintable object', printable: false };
}

/**
 * Any thrown value as an `AgentSessionError`, never throwing itself: a well-formed
 * `AgentSessionError` (also from another copy of the package) is kept; anything else becomes
 * `provider_error` with the message `"<context> failed: <name>: <message>"`. The original value is
 * kept as `cause` when it can be read; a value that resists reading (a Proxy that throws on every
 * trap, a revoked Proxy, an Error whose getters throw) is replaced by a plain `Error` describing it,
 * so that nobody handling the error trips over it later.
 */
export function toAgentSessionError(error: unknown, context = 'adapter'): AgentSessionError {
  // A marked value with a bad code or message (a forged or broken error) is not kept as cause either.
  const marked = attempt(() => AgentSessionError.isInstance(error), true);
  if (marked) {
    const e = error as AgentSessionError;
    const wellFormed = attempt(
      () => isErrorCode(e.code) && typeof e.message === 'string' && e instanceof Error,
      false,
    );
    if (wellFormed) {
      const cause = attempt(() => e.cause, null);
      const unreadable = cause !== undefined && !describeThrown(cause).printable;
      if (!unreadable) return e;
      const described = describeThrown(cause);
      const copy = new AgentSessionError(e.code, e.message, {
        details: e.details,
        cause: new Error(`${described.name}: ${described.message}`),
      });
      copy.stack = attempt(() => e.stack, copy.stack);
      return copy;
    }
  }
  const { name, message, printable } = describeThrown(error);
  const cause = printable && !marked ? error : new Error(`${name}: ${message}`);
  return new AgentSessionError('provider_error', `${context} failed: ${name}: ${message}`, {
    cause,
  });
}

/** The error a run aborted by `abort` ends with (`cancelled` or `timeout`). */
export function abortError(abort: RunAbort): AgentSessionError {
  return abort.kind === 'timeout'
    ? new AgentSessionError('timeout', `run timed out after ${abort.timeoutMs} ms`, {
        details: { timeoutMs: abort.timeoutMs },
      })
    : new AgentSessionError('cancelled', `run cancelled: ${abort.reason}`, {
        details: { reason: abort.reason },
      });
}

/**
 * A short text for an abort signal's reason (a string, an error's message, or `'cancelled'`);
 * never throws, whatever the reason is.
 */
export function reasonText(reason: unknown): string {
  if (typeof reason === 'string' && reason.length > 0) return reason.slice(0, 512);
  if (isErrorSafe(reason)) {
    const message = stringProperty(reason, 'message');
    if (message !== null && message.length > 0) {
      return stringProperty(reason, 'name') === 'AbortError' ? 'aborted' : message.slice(0, 512);
    }
  }
  return 'cancelled';
}
