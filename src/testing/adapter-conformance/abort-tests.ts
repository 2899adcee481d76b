import { describe, expect } from 'vitest';
import type { Run } from '../../core/run.js';
import type { RunControlHandlers } from '../../ports/adapter-run-control.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { expectProviderError } from './event-checks.js';
import { delay, type Execution, observeExecute } from './harness.js';
import { type AdapterSuiteContext, adapterTest } from './suite-context.js';

/**
 * Start a run and call `act` on its first event or after 20 ms, whichever comes first, with what
 * the run registered on `request.control` so far.
 */
async function actEarly(
  ctx: AdapterSuiteContext,
  adapter: ProviderAdapter,
  act: (run: Run, handlers: RunControlHandlers) => void,
  signal?: AbortSignal,
): Promise<Execution> {
  const registered: { -readonly [K in keyof RunControlHandlers]: RunControlHandlers[K] } = {};
  let actedAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const once = (run: Run) => {
    if (actedAt !== null) return;
    actedAt = performance.now();
    clearTimeout(timer);
    act(run, registered);
  };
  const execution = await observeExecute(adapter, {
    prompt: ctx.prompt,
    signal,
    onStart: (run) => {
      timer = setTimeout(() => once(run), 20);
    },
    onEvent: (_event, _index, run) => once(run),
    onRegister: (handlers, run) => {
      for (const operation of ['interrupt', 'pause', 'resume'] as const) {
        const handler = handlers[operation];
        if (typeof handler === 'function') registered[operation] = handler;
      }
      // Registered after the moment to act: act again with what is there now.
      if (actedAt !== null) act(run, registered);
    },
    waitMs: ctx.abortWithinMs + 20,
    startedAt: () => actedAt ?? performance.now(),
  });
  clearTimeout(timer);
  return execution;
}

function expectSettledQuietly(ctx: AdapterSuiteContext, execution: Execution, what: string) {
  expect(
    execution.outcome,
    `execute did not settle within ${ctx.abortWithinMs} ms of ${what}`,
  ).not.toBeNull();
  expect(execution.settleMs).toBeLessThanOrEqual(ctx.abortWithinMs);
  if (execution.outcome?.ok === false) expectProviderError(execution.outcome.error);
}

/** Abort and interrupt end a run promptly and silence it. */
export function abortTests(ctx: AdapterSuiteContext): void {
  describe('abort', () => {
    adapterTest(
      ctx,
      `settles within ${ctx.abortWithinMs} ms of an abort and emits nothing after`,
      async () => {
        const adapter = await ctx.createAdapter();
        const controller = new AbortController();
        const execution = await actEarly(ctx, adapter, () => controller.abort(), controller.signal);
        expectSettledQuietly(ctx, execution, 'the abort');
        await delay(ctx.quietMs);
        expect(execution.events.length, 'events emitted after execute settled').toBe(
          execution.eventsAtSettle,
        );
      },
    );

    adapterTest(ctx, 'settles at once when the signal is already aborted', async () => {
      const adapter = await ctx.createAdapter();
      const controller = new AbortController();
      controller.abort();
      const execution = await observeExecute(adapter, {
        prompt: ctx.prompt,
        signal: controller.signal,
        waitMs: ctx.abortWithinMs,
      });
      expectSettledQuietly(ctx, execution, 'the call');
    });

    adapterTest(ctx, 'interrupt, when registered, ends the turn promptly', async () => {
      const adapter = await ctx.createAdapter();
      let interrupted = false;
      const execution = await actEarly(ctx, adapter, (_run, handlers) => {
        if (interrupted || handlers.interrupt === undefined) return;
        interrupted = true;
        void Promise.resolve(handlers.interrupt()).catch(() => undefined);
      });
      // Without interrupt the manager answers capability_not_supported: nothing to check.
      if (interrupted) expectSettledQuietly(ctx, execution, 'the interrupt');
    });
  });
}
