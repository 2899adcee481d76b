import { describe, expect } from 'vitest';
import { TokenUsage } from '../../core/token-usage.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { managerOf, type ObservedCall, recording, runTurn } from './session-runs.js';
import { type AdapterSuiteContext, adapterTest } from './suite-context.js';

const json = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * A session of two runs through a real `SessionManager`: the second run continues the first
 * (native resume or transcript), and its usage is its own, computed against `previousState`.
 */
export function continuityTests(ctx: AdapterSuiteContext): void {
  describe('continuity', () => {
    async function twoTurns(store = new InMemorySessionStore()) {
      const calls: ObservedCall[] = [];
      const adapter = await ctx.createAdapter();
      const manager = managerOf(recording(adapter, calls), store);
      try {
        const session = await manager.startSession({ agentId: 'adapter-conformance' });
        await runTurn(manager, session.id, ctx.prompt);
        await runTurn(manager, session.id, ctx.followUpPrompt);
      } finally {
        await manager.close();
      }
      const [first, second] = calls;
      if (first?.result == null || second?.result == null) throw new Error('two runs expected');
      return { adapter, first: { ...first, result: first.result }, second, store };
    }

    adapterTest(
      ctx,
      'gets back the providerSessionId it returned, and the earlier turn in the transcript',
      async () => {
        const { adapter, first, second } = await twoTurns();
        expect(first.request.providerSessionId, 'first run').toBeNull();
        expect(second.request.providerSessionId, 'providerSessionId of the second run').toBe(
          first.result.providerSessionId ?? null,
        );
        if (adapter.needsTranscript === false) return;
        const transcript = second.request.transcript;
        expect(transcript[0], 'transcript of the second run').toEqual({
          role: 'user',
          content: ctx.prompt,
        });
        expect(transcript.at(-1)).toEqual({
          role: 'assistant',
          content: first.result.output.content,
        });
      },
    );

    adapterTest(ctx, 'gets back its state as previousState on the next run', async () => {
      const { first, second } = await twoTurns();
      expect(first.request.previousState, 'first run').toBeNull();
      expect(second.request.previousState).toEqual(json(first.result.state));
    });

    adapterTest(
      ctx,
      'reports the same per-run usage for a run after a restart (baseline from previousState)',
      async () => {
        // The same two turns twice: once on one adapter, once with a new adapter and manager for
        // the second run, as after a restart. Per-run figures must not depend on the adapter's
        // memory: a baseline kept in memory instead of in `state` reports totals after a restart.
        const live = await twoTurns();
        const store = new InMemorySessionStore();
        const before = managerOf(await ctx.createAdapter(), store);
        const session = await before.startSession({ agentId: 'adapter-conformance' });
        await runTurn(before, session.id, ctx.prompt);
        await before.close();
        const calls: ObservedCall[] = [];
        const after = managerOf(recording(await ctx.createAdapter(), calls), store);
        try {
          await runTurn(after, session.id, ctx.followUpPrompt);
        } finally {
          await after.close();
        }
        const restarted = calls[0]?.result;
        if (restarted == null) throw new Error('no run after the restart');
        const liveResult = live.second.result;
        if (liveResult === null) throw new Error('no second run');
        expect(TokenUsage.create(restarted.tokenUsage), 'tokenUsage after a restart').toEqual(
          TokenUsage.create(liveResult.tokenUsage),
        );
        expect(restarted.costUsd ?? null, 'costUsd after a restart').toBe(
          liveResult.costUsd ?? null,
        );
      },
    );
  });
}
