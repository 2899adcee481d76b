import { AgentSessionError } from '../core/agent-session-error.js';

/** Why the manager aborted a run: a cancellation (by call, signal or shutdown) or its time limit. */
export type RunAbort =
  | { readonly kind: 'cancel'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

/**
 * Any thrown value as an `AgentSessionError`: an `AgentSessionError` (also from another copy of the
 * package) is kept; anything else becomes `provider_error` with the original as `cause`, so no
 * TypeError or SDK error reaches callers unwrapped.
 */
export function toAgentSessionError(error: unknown, context = 'adapter'): AgentSessionError {
  if (AgentSessionError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : typeof error;
  return new AgentSessionError('provider_error', `${context} failed: ${name}: ${message}`, {
    cause: error,
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

/** A short text for an abort signal's reason (a string, an error's message, or `'cancelled'`). */
export function reasonText(reason: unknown): string {
  if (typeof reason === 'string' && reason.length > 0) return reason.slice(0, 512);
  if (reason instanceof Error && reason.message.length > 0) {
    return reason.name === 'AbortError' ? 'aborted' : reason.message.slice(0, 512);
  }
  return 'cancelled';
}
