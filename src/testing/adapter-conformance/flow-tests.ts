import { describe, expect } from 'vitest';
import { delay, observeExecute } from './harness.js';
import { type AdapterSuiteContext, adapterTest } from './suite-context.js';

/** A promise with its resolve function. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Backpressure, silence after an abort, and when control may be registered. */
export function flowTests(ctx: AdapterSuiteContext): void {
  describe('flow', () => {
    adapterTest(
      ctx,
      'awaits the promise emit returns before emitting more (backpressure)',
      async () => {
        const adapter = await ctx.createAdapter();
        let pending = false;
        const early: number[] = [];
        const execution = await observeExecute(adapter, {
          prompt: ctx.prompt,
          emitResult: (_event, index) => {
            if (pending) early.push(index);
            pending = true;
            // The first answer stays pending a while, the others a timer tick.
            return delay(index === 0 ? 30 : 1).then(() => {
              pending = false;
            });
          },
        });
        if (!execution.outcome?.ok) return expect.unreachable(String(execution.outcome?.error));
        expect(execution.events.length, 'events emitted').toBeGreaterThan(0);
        expect(early, 'events emitted while the previous emit was still pending').toEqual([]);
      },
    );

    adapterTest(ctx, 'emits nothing once the signal is aborted', async () => {
      // Abort inside the emit of the first, a middle and each of the last three events.
      const plain = await observeExecute(await ctx.createAdapter(), { prompt: ctx.prompt });
      const n = plain.events.length;
      const points = [...new Set([0, Math.floor(n / 2), n - 3, n - 2, n - 1])].filter(
        (i) => i >= 0,
      );
      for (const point of points) {
        const controller = new AbortController();
        const execution = await observeExecute(await ctx.createAdapter(), {
          prompt: ctx.prompt,
          signal: controller.signal,
          onEvent: (_event, index) => {
            if (index === point) controller.abort();
          },
          waitMs: ctx.abortWithinMs,
        });
        await delay(ctx.quietMs);
        if (!controller.signal.aborted) continue; // this run emitted fewer events
        const after = execution.events.slice(point + 1).map((e) => e.type);
        expect(after, `events emitted after an abort inside emit #${point}`).toEqual([]);
      }
    });

    adapterTest(ctx, 'emits nothing once aborted while it awaits a pending emit', async () => {
      const adapter = await ctx.createAdapter();
      const controller = new AbortController();
      const held = gate();
      let abortedAt = -1;
      const execution = await observeExecute(adapter, {
        prompt: ctx.prompt,
        signal: controller.signal,
        emitResult: (_event, index) => {
          if (abortedAt !== -1) return undefined;
          abortedAt = index + 1;
          // Abort while the adapter waits for room, then give it room.
          setTimeout(() => {
            controller.abort();
            held.open();
          }, 10);
          return held.promise;
        },
        waitMs: ctx.abortWithinMs + 20,
      });
      await delay(ctx.quietMs);
      if (abortedAt === -1) return;
      expect(execution.events.length - abortedAt, 'events emitted after the abort').toBe(0);
    });

    adapterTest(ctx, 'registers control only while execute runs', async () => {
      const adapter = await ctx.createAdapter();
      const seen: string[] = [];
      const execution = await observeExecute(adapter, {
        prompt: ctx.prompt,
        onRegister: (handlers) => {
          for (const [key, value] of Object.entries(handlers)) {
            if (value !== undefined && typeof value !== 'function') seen.push(key);
          }
        },
      });
      const aborted = new AbortController();
      aborted.abort();
      const cancelled = await observeExecute(adapter, {
        prompt: ctx.prompt,
        signal: aborted.signal,
        waitMs: ctx.abortWithinMs,
      });
      await delay(ctx.quietMs);
      expect(seen, 'registered members that are not functions').toEqual([]);
      expect(execution.lateRegistrations, 'registrations after execute settled').toBe(0);
      expect(cancelled.lateRegistrations, 'registrations after an aborted execute settled').toBe(0);
    });
  });
}
