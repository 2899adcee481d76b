import { AgentSessionError } from '../../core/agent-session-error.js';
import { providerErrorFromStatus, statusFromMessage } from '../../core/provider-errors.js';
import { describeThrown, isErrorSafe, stringProperty } from '../../core/thrown-value.js';

/** What is known about a failed Codex turn. */
export interface CodexFailure {
  /** The message of `turn.failed`. */
  readonly failure: string | null;
  /** Top-level `error` events of the turn (the binary's warnings and retries). */
  readonly warnings: readonly string[];
  /** What the SDK threw (`Codex Exec exited with code 1: <stderr>`), if it did. */
  readonly thrown?: unknown;
  readonly threadId: string | null;
}

/** The binary's 500 text carries no status. */
const HIGH_DEMAND = /high demand|try again later|temporarily unavailable/i;
const UNREACHABLE =
  /ECONNREFUSED|connection refused|error sending request|stream disconnected|Connection reset|dns error/i;
const EXITED = /^Codex Exec exited with (code \d+|signal \w+): ?/;
const STDERR_LIMIT = 4_000;

// The whole message: a description is cut after its first 4 KB, and the end of the stderr it
// carries (a panic's last lines) matters most.
function fullMessage(thrown: unknown): string {
  const message = isErrorSafe(thrown) ? stringProperty(thrown, 'message') : null;
  return message ?? describeThrown(thrown).message;
}

/**
 * The `AgentSessionError` of a failed Codex turn, mapped as every adapter maps provider failures
 * (401/403, 429, 5xx by the status in the binary's message, quota and billing texts), plus what
 * Codex says without a status: its 500 text ("high demand") and an API it cannot reach are
 * `provider_unavailable`. `turn.failed` and the SDK's throw after it are one failure. `details`
 * keep the status, the original message, the warnings and the binary's stderr, each passed
 * through `redact` (the stderr truncated).
 */
export function codexFailureError(
  failure: CodexFailure,
  redact: (text: string) => string = (text) => text,
): AgentSessionError {
  const thrownText = failure.thrown === undefined ? '' : redact(fullMessage(failure.thrown));
  const stderr = thrownText.replace(EXITED, '').trim().slice(-STDERR_LIMIT);
  const message = redact(failure.failure ?? failure.warnings.at(-1) ?? (stderr || 'Codex failed'));
  const all = [message, ...failure.warnings.map(redact), stderr].join('\n');
  const status = statusFromMessage(message) ?? statusFromMessage(all);
  const details: Record<string, unknown> = {
    provider: 'codex',
    threadId: failure.threadId,
    warnings: failure.warnings.slice(-5).map((w) => redact(w).slice(0, 1_000)),
  };
  if (stderr !== '') details.stderr = stderr;
  // A cause the message names ("stream disconnected …: Rate limit reached …") comes first.
  const named = status === null && providerErrorFromStatus(null, message).code !== 'provider_error';
  if (status === null && !named && (HIGH_DEMAND.test(all) || UNREACHABLE.test(all))) {
    return new AgentSessionError('provider_unavailable', `provider unavailable: ${message}`, {
      details: { ...details, status: null, message },
    });
  }
  return providerErrorFromStatus(status, message.slice(0, 2_000), details);
}
