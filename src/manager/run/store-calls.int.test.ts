import { describe, expect, it } from 'vitest';
import {
  reply,
  STORE_FACTORIES,
  testAdapter,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { MockAdapter } from '../../adapters/mock/mock-adapter.js';
import type { TranscriptMessage } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { SessionStore } from '../../ports/session-store.js';

/** `store` with every method call counted by name. */
function counting(store: SessionStore) {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return value.apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}

/** A MockAdapter streaming a benchmark-sized turn (16 chunks, a tool call, usage) that resumes natively (no transcript needed). */
function nativeResumeMock(): ProviderAdapter {
  const mock = new MockAdapter({
    reply: 'x'.repeat(400),
    chunkSize: 25,
    toolCalls: [{ toolName: 'search', toolInput: { q: 'a' }, toolOutput: { hits: 1 } }],
  });
  return Object.assign(mock, { needsTranscript: false });
}

describe.each(STORE_FACTORIES)('store calls of a run on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  it('a run of an adapter with native resume makes at most 5 store calls', async () => {
    const { store, calls } = counting(scope.store);
    const m = scope.manager(nativeResumeMock(), { store });
    const session = await m.startSession({ agentId: 'a' });
    for (let turn = 1; turn <= 5; turn++) {
      const run = await m.startRun(session.id, `prompt ${turn}`);
      calls.length = 0;
      const result = await m.executeRun(run.id);
      expect(result.status).toBe('completed');
      expect(calls.length, calls.join(', ')).toBeLessThanOrEqual(5);
      expect(calls).not.toContain('listRuns');
      expect(calls).not.toContain('readEvents');
    }
    const events = await scope.store.readEvents(session.id);
    expect(events.filter((e) => e.type === 'message_streamed')).toHaveLength(5 * 16);
  });

  it('a stale run’s terminal commit is not retried', async () => {
    const { store, calls } = counting(scope.store);
    let started!: () => void;
    const running = new Promise<void>((r) => {
      started = r;
    });
    const m = scope.manager(
      testAdapter(
        async () => {
          started();
          await new Promise((r) => setTimeout(r, 30));
          return reply('late', { providerSessionId: 'p1' });
        },
        { needsTranscript: false },
      ),
      { store },
    );
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, 'go');
    const result = m.executeRun(run.id);
    await running;
    // Another writer ends the run meanwhile (as recovery elsewhere would).
    const current = await scope.store.getRun(run.id);
    await scope.store.saveRun({
      ...current,
      status: 'failed',
      error: { code: 'internal_error', message: 'gone' },
      endedAt: new Date().toISOString(),
    });
    calls.length = 0;
    const r = await result;
    expect(r.status).toBe('failed');
    expect(calls.filter((c) => c === 'commit')).toHaveLength(1);
  });
});

describe.each(STORE_FACTORIES)('conversation continuity on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  function recorder() {
    const seen: { transcript: readonly TranscriptMessage[]; previousState: unknown }[] = [];
    const adapter = testAdapter(async ({ run, transcript, previousState }) => {
      seen.push({ transcript, previousState });
      return reply(`answer to ${String(run.input)}`, { state: { turn: seen.length } });
    });
    return { adapter, seen };
  }

  it('the transcript and previous state reach the next run, also across managers', async () => {
    const a = recorder();
    const b = recorder();
    const m1 = scope.manager(a.adapter);
    const m2 = scope.manager(b.adapter);
    const s = await m1.startSession({ agentId: 'a' });
    await m1.executeRun((await m1.startRun(s.id, 'one')).id);
    await m2.executeRun((await m2.startRun(s.id, 'two')).id);
    await m1.executeRun((await m1.startRun(s.id, 'three')).id);
    await m1.executeRun((await m1.startRun(s.id, 'four')).id);
    expect(a.seen[0]).toEqual({ transcript: [], previousState: null });
    expect(b.seen[0]?.transcript.map((t) => t.content)).toEqual(['one', 'answer to one']);
    const third = a.seen[1];
    expect(third?.transcript.map((t) => `${t.role}:${t.content}`)).toEqual([
      'user:one',
      'assistant:answer to one',
      'user:two',
      'assistant:answer to two',
    ]);
    expect(third?.previousState).toEqual({ turn: 1 });
    expect(a.seen[2]?.transcript).toHaveLength(6);
    expect(a.seen[2]?.previousState).toEqual({ turn: 2 });
  });

  it('an adapter with needsTranscript false gets no transcript but the previous state', async () => {
    const seen: { transcript: number; previousState: unknown }[] = [];
    const m = scope.manager(
      testAdapter(
        async ({ transcript, previousState }) => {
          seen.push({ transcript: transcript.length, previousState });
          return reply('a', { state: { n: seen.length } });
        },
        { needsTranscript: false },
      ),
    );
    const s = await m.startSession({ agentId: 'a' });
    for (let i = 0; i < 3; i++) await m.executeRun((await m.startRun(s.id, `p${i}`)).id);
    const fresh = scope.manager(
      testAdapter(
        async ({ transcript, previousState }) => {
          seen.push({ transcript: transcript.length, previousState });
          return reply('a');
        },
        { needsTranscript: false },
      ),
    );
    await fresh.executeRun((await fresh.startRun(s.id, 'p3')).id);
    expect(seen).toEqual([
      { transcript: 0, previousState: null },
      { transcript: 0, previousState: { n: 1 } },
      { transcript: 0, previousState: { n: 2 } },
      { transcript: 0, previousState: { n: 3 } },
    ]);
  });
});

describe.each(STORE_FACTORIES)('RunResult.events on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  const streaming = (deltas: number) =>
    testAdapter(async ({ emit }) => {
      for (let i = 0; i < deltas; i++) {
        const wait = emit({ type: 'message_streamed', data: { delta: 'x' } });
        if (wait) await wait;
      }
      return reply('x');
    });

  it('keeps the last 10,000 events by default, the terminal one included', async () => {
    const m = scope.manager(streaming(25_000));
    const s = await m.startSession({ agentId: 'a' });
    const result = await m.executeRun((await m.startRun(s.id, 'go')).id);
    expect(result.eventCount).toBe(25_004);
    expect(result.events).toHaveLength(10_000);
    expect(result.events.at(-1)?.type).toBe('run_completed');
    const seqs = result.events.map((e) => e.seq);
    expect(seqs[seqs.length - 1]! - seqs[0]!).toBe(9_999);
  });

  it('maxResultEvents bounds it; 0 keeps none', async () => {
    const m = scope.manager(streaming(50));
    const s = await m.startSession({ agentId: 'a' });
    const five = await m.executeRun((await m.startRun(s.id, 'go')).id, { maxResultEvents: 5 });
    expect(five.events).toHaveLength(5);
    expect(five.events.at(-1)?.type).toBe('run_completed');
    const none = await m.executeRun((await m.startRun(s.id, 'again')).id, { maxResultEvents: 0 });
    expect(none.events).toEqual([]);
    expect(none.eventCount).toBe(54);
    await expect(
      m.executeRun((await m.startRun(s.id, 'bad')).id, { maxResultEvents: -1 }),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });
});
