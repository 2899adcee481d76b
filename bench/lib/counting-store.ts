import { performance } from 'node:perf_hooks';
import type { SessionStore } from '../../src/index.js';

/** Calls of one store method and the time from each call until its promise settled. */
export interface MethodTally {
  calls: number;
  ms: number;
}

/**
 * A `SessionStore` that forwards every call to `inner` and tallies, per method, how often it was
 * called and how long its promises took to settle (wall time, so a write waiting for a group
 * commit counts its wait).
 */
export class CountingStore {
  readonly store: SessionStore;
  readonly #tally = new Map<string, MethodTally>();

  constructor(inner: SessionStore) {
    const tally = this.#tally;
    this.store = new Proxy(inner, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        return (...args: unknown[]) => {
          let entry = tally.get(key);
          if (entry === undefined) {
            entry = { calls: 0, ms: 0 };
            tally.set(key, entry);
          }
          const counted = entry;
          counted.calls++;
          const start = performance.now();
          const out = value.apply(target, args);
          if (!(out instanceof Promise)) {
            counted.ms += performance.now() - start;
            return out;
          }
          return out.finally(() => {
            counted.ms += performance.now() - start;
          });
        };
      },
    });
  }

  /** The tallies so far, by method name. */
  snapshot(): Record<string, MethodTally> {
    const out: Record<string, MethodTally> = {};
    for (const [key, entry] of this.#tally) out[key] = { ...entry };
    return out;
  }

  /** Forget the tallies so far. */
  reset(): void {
    this.#tally.clear();
  }
}

/** The difference `after - before` of two snapshots (methods missing from `before` count from 0). */
export function tallyDelta(
  before: Record<string, MethodTally>,
  after: Record<string, MethodTally>,
): Record<string, MethodTally> {
  const out: Record<string, MethodTally> = {};
  for (const [key, entry] of Object.entries(after)) {
    const old = before[key] ?? { calls: 0, ms: 0 };
    if (entry.calls > old.calls)
      out[key] = { calls: entry.calls - old.calls, ms: entry.ms - old.ms };
  }
  return out;
}
