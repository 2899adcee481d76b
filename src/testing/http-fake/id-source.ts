/** Sequence numbers for deterministic ids, one counter per prefix and server. */
export interface IdSource<Prefix extends string> {
  next(prefix: Prefix): string;
}

/** Creates an `IdSource` whose ids are `<prefix>_fake_1`, `<prefix>_fake_2`, … per prefix. */
export function createIdSource<Prefix extends string>(): IdSource<Prefix> {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}_fake_${n}`;
    },
  };
}
