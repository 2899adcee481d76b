import { AgentSessionError } from '../../core/agent-session-error.js';
import { isErrorCode } from '../../core/error-codes.js';
import { attempt, describeThrown, isErrorSafe, stringProperty } from '../../core/thrown-value.js';

/** Why the manager aborted a run: a cancellation (by call, signal or shutdown) or its time limit. */
export type RunAbort =
  | { readonly kind: 'cancel'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

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
