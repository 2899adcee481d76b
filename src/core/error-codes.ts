/**
 * The error taxonomy: every code an `AgentSessionError` can carry, grouped in categories.
 *
 * @example
 * ```ts
 * errorCategory('session_not_found'); // 'resource'
 * isRetryableCode('provider_rate_limited'); // true
 * ```
 */
export const ERROR_CODES_BY_CATEGORY = {
  validation: ['validation_error', 'invalid_input', 'missing_required_field', 'invalid_format'],
  state: [
    'invalid_status',
    'invalid_transition',
    'invalid_event_type',
    'invalid_capability_type',
    'missing_required_capability',
    'version_conflict',
    'invalid_cursor',
  ],
  resource: [
    'not_found',
    'session_not_found',
    'run_not_found',
    'capability_not_found',
    'already_exists',
    'duplicate_capability',
  ],
  provider: [
    'provider_error',
    'provider_unavailable',
    'provider_rate_limited',
    'provider_timeout',
    'provider_authentication_failed',
    'provider_quota_exceeded',
  ],
  storage: [
    'storage_error',
    'storage_connection_failed',
    'storage_write_failed',
    'storage_read_failed',
  ],
  runtime: ['timeout', 'cancelled', 'internal_error', 'unknown_error'],
  concurrency: [
    'max_sessions_exceeded',
    'max_runs_exceeded',
    'capability_not_supported',
    'invalid_operation',
  ],
  tool: ['tool_error', 'tool_not_found', 'tool_execution_failed', 'tool_permission_denied'],
} as const;

/** One of the eight error categories. */
export type ErrorCategory = keyof typeof ERROR_CODES_BY_CATEGORY;

/** Any error code of the taxonomy. */
export type ErrorCode = (typeof ERROR_CODES_BY_CATEGORY)[ErrorCategory][number];

/** All error codes, in category order. */
export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(
  Object.values(ERROR_CODES_BY_CATEGORY).flat(),
);

/** All categories. */
export const ERROR_CATEGORIES = Object.freeze(
  Object.keys(ERROR_CODES_BY_CATEGORY) as ErrorCategory[],
);

/** The codes whose operation may succeed when tried again. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'provider_timeout',
  'provider_rate_limited',
  'provider_unavailable',
  'storage_connection_failed',
  'timeout',
]);

const categoryOf = new Map<string, ErrorCategory>();
for (const category of ERROR_CATEGORIES) {
  for (const code of ERROR_CODES_BY_CATEGORY[category]) categoryOf.set(code, category);
}

/** Whether `value` is a code of the taxonomy. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && categoryOf.has(value);
}

/** The category of a code (`runtime`, the category of `unknown_error`, for a string outside the taxonomy). */
export function errorCategory(code: ErrorCode): ErrorCategory {
  return categoryOf.get(code) ?? 'runtime';
}

/** Whether an operation that failed with `code` may succeed when tried again. */
export function isRetryableCode(code: ErrorCode): boolean {
  return RETRYABLE_ERROR_CODES.has(code);
}
