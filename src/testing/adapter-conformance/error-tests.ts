import { describe, expect } from 'vitest';
import { ERROR_CODES_BY_CATEGORY, isRetryableCode } from '../../core/error-codes.js';
import { expectProviderError } from './event-checks.js';
import { delay, observeExecute } from './harness.js';
import { type AdapterSuiteContext, adapterTest } from './suite-context.js';

/** Provider failures reach the manager as `AgentSessionError`s with the right code. */
export function errorTests(ctx: AdapterSuiteContext): void {
  const failing = ctx.failingAdapter;
  if (failing === undefined) return;
  describe('provider errors', () => {
    for (const code of ERROR_CODES_BY_CATEGORY.provider) {
      adapterTest(ctx, `rejects with an AgentSessionError ${code}, then stays silent`, async () => {
        const adapter = await failing(code);
        const execution = await observeExecute(adapter, { prompt: ctx.prompt });
        if (execution.outcome?.ok !== false) return expect.unreachable('execute resolved');
        const error = expectProviderError(execution.outcome.error);
        expect(error.code).toBe(code);
        expect(error.retryable).toBe(isRetryableCode(code));
        await delay(ctx.quietMs);
        expect(execution.events.length).toBe(execution.eventsAtSettle);
      });
    }
  });
}
