import { describe, expect } from 'vitest';
import { expectCanonicalEvents, expectProviderError, expectValidResult } from './event-checks.js';
import { delay, observeExecute } from './harness.js';
import { type AdapterSuiteContext, adapterTest } from './suite-context.js';

/** A plain execution: canonical events, a valid result, silence afterwards. */
export function executeTests(ctx: AdapterSuiteContext): void {
  describe('execute', () => {
    adapterTest(
      ctx,
      'emits only canonical, non-lifecycle events and resolves with a valid result',
      async () => {
        const adapter = await ctx.createAdapter();
        const execution = await observeExecute(adapter, { prompt: ctx.prompt });
        const outcome = execution.outcome;
        if (outcome === null || !outcome.ok) {
          expectProviderError(outcome?.error);
          return expect.unreachable(`execute failed: ${String(outcome?.error)}`);
        }
        expectCanonicalEvents(execution.events);
        expectValidResult(outcome.result);
      },
    );

    adapterTest(ctx, 'emits nothing after execute settled', async () => {
      const adapter = await ctx.createAdapter();
      const execution = await observeExecute(adapter, { prompt: ctx.prompt });
      await delay(ctx.quietMs);
      expect(execution.events.length, 'events emitted after execute settled').toBe(
        execution.eventsAtSettle,
      );
    });

    adapterTest(
      ctx,
      'streams a final message_received whose content is the output, when it emits one',
      async () => {
        const adapter = await ctx.createAdapter();
        const execution = await observeExecute(adapter, { prompt: ctx.prompt });
        if (!execution.outcome?.ok) return expect.unreachable('execute failed');
        const received = execution.events.flatMap((e) =>
          e.type === 'message_received' ? [e.data.content] : [],
        );
        if (received.length === 0) return;
        expect(received.at(-1)).toBe(execution.outcome.result.output.content);
      },
    );
  });
}
