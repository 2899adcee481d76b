/** A deterministic pseudo-random generator in [0, 1) (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deep copy of anything (functions, BigInt and cycles included), to compare before and after. */
export function snapshot(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) {
    (copy as Record<string, unknown>)[key] = snapshot(
      (value as Record<string, unknown>)[key],
      seen,
    );
  }
  return copy;
}

/** A plain, mutable JSON copy of a value (what a caller gets from JSON.parse). */
export function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Try to change a returned value; frozen values throw, copies do not matter. Either is fine. */
export function tryMutate(mutate: () => void): void {
  try {
    mutate();
  } catch {
    // A frozen value refuses the change: that is one of the two acceptable outcomes.
  }
}

/** Let other tasks run (a macrotask turn), so concurrent operations interleave. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
