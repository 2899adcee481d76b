import { randomFillSync } from 'node:crypto';

/** The id prefixes of the library's records. */
export type IdPrefix = 'ses' | 'run' | 'evt';

const POOL_BYTES = 4096;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;

function randomHex20(): string {
  if (offset + 10 > POOL_BYTES) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < 10; i++) out += HEX[pool[offset + i] as number];
  offset += 10;
  return out;
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
  return `${prefix}_${nowMs.toString(16).padStart(12, '0').slice(-12)}${randomHex20()}`;
}

const ID_PATTERN = /^(ses|run|evt)_[0-9a-f]{32}$/;

/** Whether `value` is an id of the given prefix made by `newId`. */
export function isId(value: unknown, prefix?: IdPrefix): value is string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) return false;
  return prefix === undefined || value.startsWith(`${prefix}_`);
}
