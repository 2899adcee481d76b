import type { SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { providerErrorCode } from '../../core/provider-errors.js';
import { describeThrown } from '../../core/thrown-value.js';
import type { ReportedApiError } from './claude-translator.js';

/** What is known about a failed Claude Code turn. */
export interface ClaudeFailure {
  readonly result: SDKResultMessage | null;
  readonly apiError: ReportedApiError | null;
  /** What the SDK's iterator threw, if it did. */
  readonly thrown?: unknown;
  /** The tail of the CLI's stderr, already redacted. */
  readonly stderr: string;
  readonly sessionId: string | null;
}

// The CLI's own error kinds (an assistant message's `error`), for when no HTTP status is given.
const KIND_CODES: Readonly<Record<string, ErrorCode>> = {
  authentication_failed: 'provider_authentication_failed',
  oauth_org_not_allowed: 'provider_authentication_failed',
  cloud_credential_error: 'provider_authentication_failed',
  account_on_hold: 'provider_authentication_failed',
  verification_required: 'provider_authentication_failed',
  billing_error: 'provider_quota_exceeded',
  rate_limit: 'provider_rate_limited',
  overloaded: 'provider_unavailable',
  server_error: 'provider_unavailable',
};

const CONNECTION_FAILURE =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|Connection error|Unable to connect|fetch failed|socket hang up/i;
const TIMED_OUT = /ETIMEDOUT|timed? ?out/i;

function statusOf(failure: ClaudeFailure): number | null {
  const result = failure.result as { api_error_status?: unknown } | null;
  const status = result?.api_error_status;
  if (typeof status === 'number' && Number.isInteger(status)) return status;
  const match = /\b(4\d\d|5\d\d)\b/.exec(failure.apiError?.text ?? '');
  return match?.[1] === undefined || failure.apiError === null ? null : Number(match[1]);
}

function resultErrors(result: SDKResultMessage | null): string {
  if (result === null) return '';
  if (result.subtype === 'success') return result.result;
  return result.errors.join('; ');
}

function codeOf(failure: ClaudeFailure, status: number | null, text: string): ErrorCode {
  if (status !== null) {
    // The status table every adapter shares; what it leaves open, the CLI's error kind decides.
    const byStatus = providerErrorCode(status, text);
    if (byStatus !== 'provider_error') return byStatus;
  }
  const byKind = failure.apiError === null ? undefined : KIND_CODES[failure.apiError.kind];
  if (byKind !== undefined) return byKind;
  if (CONNECTION_FAILURE.test(text)) return 'provider_unavailable';
  if (TIMED_OUT.test(text) && status === null) return 'provider_timeout';
  return 'provider_error';
}

/**
 * The `AgentSessionError` for a failed turn, mapped as every adapter maps provider failures:
 * 401/403 → `provider_authentication_failed`; 429 → `provider_rate_limited` (quota or billing →
 * `provider_quota_exceeded`); 5xx and 529 (overloaded) → `provider_unavailable`, as is an API that
 * cannot be reached (connection refused); 408/504 and timeouts → `provider_timeout`; anything else,
 * max turns included, → `provider_error`. `details` keep the status, the CLI's error kind and
 * result subtype, the original message and the stderr tail, each passed through `redact`.
 */
export function claudeFailureError(
  failure: ClaudeFailure,
  redact: (text: string) => string = (text) => text,
): AgentSessionError {
  const status = statusOf(failure);
  const result = failure.result;
  const thrownText =
    failure.thrown === undefined ? '' : redact(describeThrown(failure.thrown).message);
  const original = redact(
    failure.apiError?.text || resultErrors(result) || thrownText || 'Claude Code failed',
  );
  const text = `${original}\n${thrownText}\n${failure.stderr}`;
  const code = codeOf(failure, status, text);
  const subtype = result?.subtype ?? null;
  const what =
    subtype === 'error_max_turns'
      ? `Claude Code stopped after ${result?.num_turns ?? '?'} turns (maxTurns reached)`
      : `Claude Code failed${status === null ? '' : ` with HTTP ${status}`}`;
  const details: Record<string, unknown> = {
    provider: 'claude',
    status,
    errorKind: failure.apiError?.kind ?? null,
    subtype,
    apiErrorType: (result as { api_error_type?: unknown } | null)?.api_error_type ?? null,
    providerSessionId: failure.sessionId,
    providerMessage: original.slice(0, 2_000),
  };
  if (thrownText !== '' && thrownText !== original) details.thrown = thrownText.slice(0, 2_000);
  if (failure.stderr !== '') details.stderr = failure.stderr;
  // No `cause`: the SDK's error can carry the CLI's environment; its text is in details, redacted.
  return new AgentSessionError(code, `${what}: ${original.split('\n')[0]?.slice(0, 500)}`, {
    details,
  });
}
