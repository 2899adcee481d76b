import type { SessionStore } from '../../ports/session-store.js';
import { type GapRegistry, gapAwareTest } from '../known-gaps.js';

/** What every theme of the conformance suite needs: how to make a store, and the known gaps. */
export interface ConformanceContext extends GapRegistry {
  readonly createStore: () => SessionStore | Promise<SessionStore>;
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
  gapAwareTest(
    ctx,
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
