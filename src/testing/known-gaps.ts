import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';

/** The tests a conformance suite registered, and the ones the implementation knowingly fails. */
export interface GapRegistry {
  readonly gaps: Readonly<Record<string, string>>;
  /** Titles registered so far: titles are the keys of `gaps`, so they must be unique. */
  readonly titles: Set<string>;
}

/**
 * Register one conformance test under a unique title: `it` as usual, unless `gaps` names it; then
 * it is not run and `registerKnownGaps` lists it instead.
 */
export function gapAwareTest(
  registry: GapRegistry,
  title: string,
  body: () => Promise<void>,
  timeoutMs?: number,
): void {
  if (registry.titles.has(title)) {
    throw new AgentSessionError('validation_error', `conformance test "${title}" is defined twice`);
  }
  registry.titles.add(title);
  if (Object.hasOwn(registry.gaps, title)) return;
  it(title, body, timeoutMs);
}

/** The `known gaps` block: one visible test per documented gap, and a check that each names a test. */
export function registerKnownGaps(registry: GapRegistry): void {
  describe('known gaps', () => {
    it('every gap names a test of the suite', () => {
      expect(Object.keys(registry.gaps).filter((title) => !registry.titles.has(title))).toEqual([]);
    });
    for (const [title, reason] of Object.entries(registry.gaps)) {
      it(`${title} — gap: ${reason}`, () => {
        expect(typeof reason === 'string' ? reason.trim() : '', `reason for "${title}"`).not.toBe(
          '',
        );
      });
    }
  });
}
