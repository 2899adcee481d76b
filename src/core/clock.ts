let cachedMs = -1;
let cachedIso = '';

/**
 * The current time as an ISO-8601 UTC string. The string is cached per millisecond, since
 * `toISOString()` costs about a microsecond and event bursts share milliseconds.
 */
export function nowIso(nowMs: number = Date.now()): string {
  if (nowMs !== cachedMs) {
    cachedMs = nowMs;
    cachedIso = new Date(nowMs).toISOString();
  }
  return cachedIso;
}

const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Whether `value` is an ISO-8601 timestamp string that parses to a real date. */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_PATTERN.test(value) && !Number.isNaN(Date.parse(value));
}
