import { randomFillSync } from 'node:crypto';

/** The id prefixes of the library's records. */
export type IdPrefix = 'ses' | 'run' | 'evt';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

function randomHex20(): string {
  if (offset + 10 > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 10;
  return pool.toString('hex', offset - 10, offset);
}

// The time part changes once a millisecond; ids made in a burst share it.
const timePart = { ms: -1, hex: '' };

function timeHex(nowMs: number): string {
  if (nowMs !== timePart.ms) {
    timePart.ms = nowMs;
    timePart.hex = nowMs.toString(16).padStart(12, '0').slice(-12);
  }
  return timePart.hex;
}

/**
 * A new time-ordered id: the prefix, `_`, 12 hex digits of the millisecond clock, 20 random hex digits.
 * Ids made later sort after ids made earlier (to the millisecond), which keeps B-tree inserts local.
 *
 * @example
 * ```ts
 * newId('ses'); // 'ses_019b5c3e2a1f4d0c9e8b7a6f5e4d3c2b'
 * ```
 */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  return `${prefix}_${timeHex(nowMs)}${randomHex20()}`;
}

const ID_PATTERN = /^(ses|run|evt)_[0-9a-f]{32}$/;

/** Whether `value` is an id of the given prefix made by `newId`. */
export function isId(value: unknown, prefix?: IdPrefix): value is string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) return false;
  return prefix === undefined || value.startsWith(`${prefix}_`);
}
