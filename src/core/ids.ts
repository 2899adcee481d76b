import { randomFillSync } from 'node:crypto';

/** The id prefixes of the library's records. */
export type IdPrefix = 'ses' | 'run' | 'evt';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

function take(n: number): number {
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += n;
  return offset - n;
}

// The random part is fresh each millisecond and grows by a small random step within one, so ids
// made by this process are strictly increasing (as UUIDv7's monotonic method): later ids sort
// after earlier ones, and a store can tell a new id from a repeated one without a lookup.
const random = Buffer.alloc(10);
const last = { ms: -1, timeHex: '' };

function nextRandomPart(nowMs: number): string {
  if (nowMs !== last.ms) {
    last.ms = nowMs;
    last.timeHex = nowMs.toString(16).padStart(12, '0').slice(-12);
    const at = take(10);
    pool.copy(random, 0, at, at + 10);
    random[5] = (random[5] as number) & 0x7f; // headroom, so steps within a millisecond rarely carry far
  } else {
    let carry = 1 + (pool[take(1)] as number);
    for (let i = 9; i >= 0 && carry > 0; i--) {
      const sum = (random[i] as number) + carry;
      random[i] = sum & 0xff;
      carry = sum >> 8;
    }
  }
  return random.toString('hex');
}

/**
 * A new time-ordered id: the prefix, `_`, 12 hex digits of the millisecond clock, 20 random hex digits.
 * Ids made later by this process sort after ids made earlier (strictly, also within a millisecond,
 * while the clock does not go back), which keeps B-tree inserts local.
 *
 * @example
 * ```ts
 * newId('ses'); // 'ses_019b5c3e2a1f4d0c9e8b7a6f5e4d3c2b'
 * ```
 */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  const part = nextRandomPart(nowMs);
  return `${prefix}_${last.timeHex}${part}`;
}

const ID_PATTERN = /^(ses|run|evt)_[0-9a-f]{32}$/;

/** Whether `value` is an id of the given prefix made by `newId`. */
export function isId(value: unknown, prefix?: IdPrefix): value is string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) return false;
  return prefix === undefined || value.startsWith(`${prefix}_`);
}
