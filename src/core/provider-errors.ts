import { AgentSessionError } from './agent-session-error.js';
import type { ErrorCode } from './error-codes.js';

const LABELS: Readonly<Record<string, string>> = {
  provider_authentication_failed: 'provider authentication failed',
  provider_rate_limited: 'provider rate limit reached',
  provider_quota_exceeded: 'provider quota exceeded',
  provider_unavailable: 'provider unavailable',
  provider_timeout: 'provider timed out',
  provider_error: 'provider error',
};

const QUOTA = /quota|billing|credit balance|insufficient[_ ]funds|payment required/i;
const AUTH = /unauthori[sz]ed|authentication|invalid[_ ]api[_ ]key|forbidden|permission denied/i;
const RATE = /rate[_ ]?limit|too many requests/i;
const OVERLOADED =
  /overloaded|service unavailable|bad gateway|internal server error|server[_ ]error/i;
const TIMEOUT = /time[d]?[_ ]?out|deadline exceeded|ETIMEDOUT/i;
const STATUS_IN_TEXT =
  /(?:status(?: code)?|HTTP(?:\/\d(?:\.\d)?)?|API Error)\s*[:=]?\s*([1-5]\d\d)\b/i;

/**
 * The HTTP status a provider message mentions (`unexpected status 401 Unauthorized`,
 * `API Error: 529 …`, `last status: 429`), or null.
 *
 * @example
 * ```ts
 * statusFromMessage('unexpected status 401 Unauthorized: bad key'); // 401
 * ```
 */
export function statusFromMessage(message: string): number | null {
  const match = STATUS_IN_TEXT.exec(message);
  return match ? Number(match[1]) : null;
}

/**
 * The error code of a provider failure with this status (null when there is none) and message,
 * as `providerErrorFromStatus` maps it; for adapters that build their own error around it.
 *
 * @example
 * ```ts
 * providerErrorCode(504, 'Gateway Timeout'); // 'provider_timeout'
 * ```
 */
export function providerErrorCode(status: number | null, message: string): ErrorCode {
  if (status === 401 || status === 403) return 'provider_authentication_failed';
  if (status === 402 || QUOTA.test(message)) return 'provider_quota_exceeded';
  if (status === 429) return 'provider_rate_limited';
  // A gateway that gave up waiting is a timeout, not an unavailable provider.
  if (status === 408 || status === 504) return 'provider_timeout';
  if (status === 529 || (status !== null && status >= 500 && status <= 599)) {
    return 'provider_unavailable';
  }
  if (status !== null) return 'provider_error';
  if (AUTH.test(message)) return 'provider_authentication_failed';
  if (RATE.test(message)) return 'provider_rate_limited';
  if (OVERLOADED.test(message)) return 'provider_unavailable';
  if (TIMEOUT.test(message)) return 'provider_timeout';
  return 'provider_error';
}

/**
 * The `AgentSessionError` for a provider failure, mapped the same way for every adapter:
 * 401/403 → `provider_authentication_failed`; quota or billing (or 402) → `provider_quota_exceeded`;
 * 429 → `provider_rate_limited`; 5xx and 529/overloaded → `provider_unavailable`; 408, 504 and timeouts →
 * `provider_timeout`; anything else → `provider_error`. When `status` is null the status is read
 * from the message if it names one, else the message's wording decides. The original message and
 * the status are kept in `details` (`message`, `status`), beside any extra `details`.
 *
 * @example
 * ```ts
 * const error = providerErrorFromStatus(429, 'Too Many Requests');
 * error.code; // 'provider_rate_limited'
 * error.retryable; // true
 * error.details; // { status: 429, message: 'Too Many Requests' }
 * ```
 */
export function providerErrorFromStatus(
  status: number | null,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
  cause?: unknown,
): AgentSessionError {
  const text = typeof message === 'string' ? message : String(message);
  const known =
    typeof status === 'number' && Number.isInteger(status) ? status : statusFromMessage(text);
  const code = providerErrorCode(known, text);
  const label = LABELS[code] ?? 'provider error';
  const where = known === null ? '' : ` (status ${known})`;
  return new AgentSessionError(code, `${label}${where}: ${text || 'no message'}`, {
    details: { ...details, status: known, message: text },
    cause,
  });
}
