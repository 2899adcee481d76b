import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { SessionStore } from '../../ports/session-store.js';

/** What every theme of the conformance suite needs: how to make a store, and the known gaps. */
export interface ConformanceContext {
  readonly createStore: () => SessionStore | Promise<SessionStore>;
  readonly gaps: Readonly<Record<string, string>>;
  /** Titles registered so far: titles are the keys of `gaps`, so they must be unique. */
  readonly titles: Set<string>;
  readonly beforeEach?: (() => void | Promise<void>) | undefined;
  readonly afterEach?: (() => void | Promise<void>) | undefined;
}

/**
 * Register one conformance test: it gets a fresh store and closes it afterwards. A test named in
 * `gaps` is not run here; `registerKnownGaps` lists it instead.
 */
export function storeTest(
  ctx: ConformanceContext,
  title: string,
  body: (store: SessionStore) => Promise<void>,
  timeoutMs?: number,
): void {
  if (ctx.titles.has(title)) {
    throw new AgentSessionError('validation_error', `conformance test "${title}" is defined twice`);
  }
  ctx.titles.add(title);
  if (Object.hasOwn(ctx.gaps, title)) return;
  it(
    title,
    async () => {
      await ctx.beforeEach?.();
      try {
        const store = await ctx.createStore();
        try {
          await body(store);
        } finally {
          await store.close();
        }
      } finally {
        await ctx.afterEach?.();
      }
    },
    timeoutMs,
  );
}

/** The `known gaps` block: one visible test per documented gap, and a check that each names a test. */
export function registerKnownGaps(ctx: ConformanceContext): void {
  describe('known gaps', () => {
    it('every gap names a test of the suite', () => {
      expect(Object.keys(ctx.gaps).filter((title) => !ctx.titles.has(title))).toEqual([]);
    });
    for (const [title, reason] of Object.entries(ctx.gaps)) {
      it(`${title} — gap: ${reason}`, () => {
        expect(typeof reason === 'string' ? reason.trim() : '', `reason for "${title}"`).not.toBe(
          '',
        );
      });
    }
  });
}
