import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { CANONICAL_DATA_KEYS } from '../../src/core/event-data.js';
import type { AdapterEvent } from '../../src/ports/adapter-event.js';

/**
 * Expect at least `atLeast` recorded streams (`*.jsonl`) in `fixtures`, and every event
 * `eventsOf(name)` translates from each (named without `.jsonl`) to have exactly the canonical
 * data keys of its type.
 */
export function expectCanonicalDataKeys(
  fixtures: string,
  atLeast: number,
  eventsOf: (name: string) => readonly AdapterEvent[],
): void {
  const names = readdirSync(fixtures).filter((f) => f.endsWith('.jsonl'));
  expect(names.length).toBeGreaterThanOrEqual(atLeast);
  for (const name of names) {
    for (const event of eventsOf(name.replace(/\.jsonl$/, ''))) {
      const keys = (CANONICAL_DATA_KEYS as Record<string, readonly string[]>)[event.type];
      expect(Object.keys(event.data).sort(), `${name} ${event.type}`).toEqual(
        [...(keys ?? [])].sort(),
      );
    }
  }
}
