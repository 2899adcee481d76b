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

// The last timestamps found valid: a run or session carries a few, mostly the same string (the
// clock's string is cached per millisecond), and the pattern and Date.parse cost most of a check.
const EPOCH = '1970-01-01T00:00:00.000Z';
const recentValid: string[] = [EPOCH, EPOCH, EPOCH, EPOCH];
let nextSlot = 0;

/** Whether `value` is an ISO-8601 timestamp string that parses to a real date. */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const r = recentValid;
  if (value === r[0] || value === r[1] || value === r[2] || value === r[3]) return true;
  if (!ISO_PATTERN.test(value) || Number.isNaN(Date.parse(value))) return false;
  recentValid[nextSlot] = value;
  nextSlot = (nextSlot + 1) & 3;
  return true;
}
