import { describe, expect, it } from 'vitest';
import {
  aborted,
  expectRunInvariants,
  reply,
  STORE_FACTORIES,
  testAdapter,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import type { SessionEvent } from '../../core/session-event.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { ManagerLimits } from '../manager-options.js';

/** An adapter that records how many executions overlap, per session and overall. */
function trackingAdapter(delayMs = 5) {
  const state = {
    active: 0,
    maxActive: 0,
    perSession: new Map<string, number>(),
    overlapInSession: false,
    order: [] as string[],
  };
  const adapter = testAdapter(async ({ run, emit }) => {
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    const n = (state.perSession.get(run.sessionId) ?? 0) + 1;
    state.perSession.set(run.sessionId, n);
    if (n > 1) state.overlapInSession = true;
    state.order.push(String(run.input));
    emit({ type: 'message_streamed', data: { delta: String(run.input) } });
    await new Promise((r) => setTimeout(r, delayMs));
    state.perSession.set(run.sessionId, (state.perSession.get(run.sessionId) ?? 1) - 1);
    state.active--;
    return reply(`done ${String(run.input)}`);
  });
  return { adapter, state };
}

describe.each(STORE_FACTORIES)('run scheduling on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  const manager = (adapter: ProviderAdapter, limits?: ManagerLimits) =>
    scope.manager(adapter, { limits });

  it('runs of one session execute one at a time, in call order', async () => {
    const { adapter, state } = trackingAdapter();
    const m = manager(adapter);
    const s = await m.startSession({ agentId: 'a' });
    const runs = [];
    for (const input of ['first', 'second', 'third']) runs.push(await m.startRun(s.id, input));
    const results = await Promise.all(runs.map((r) => m.executeRun(r.id)));
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(state.order).toEqual(['first', 'second', 'third']);
    expect(state.overlapInSession).toBe(false);
    const events = await m.getEvents(s.id, { types: ['run_started', 'run_completed'] });
    expect(events.map((e) => `${e.type}:${e.runId}`)).toEqual(
      runs.flatMap((r) => [`run_started:${r.id}`, `run_completed:${r.id}`]),
    );
    for (const r of runs) await expectRunInvariants(scope.store, r.id);
  });

  it('reject: never more runs or sessions than the limits, the rest rejected', async () => {
    const { adapter, state } = trackingAdapter(20);
    const m = manager(adapter, { maxParallelRuns: 2, maxParallelSessions: 3 });
    const sessions = await Promise.all([1, 2, 3, 4].map(() => m.startSession({ agentId: 'a' })));
    const runs = await Promise.all(sessions.map((s) => m.startRun(s.id, s.id)));
    const settled = await Promise.allSettled(runs.map((r) => m.executeRun(r.id)));
    const codes = settled.map((r) =>
      r.status === 'fulfilled' ? r.value.status : (r.reason as { code: string }).code,
    );
    expect(codes.filter((c) => c === 'completed')).toHaveLength(2);
    expect(codes.slice(2).sort()).toEqual(['max_runs_exceeded', 'max_sessions_exceeded']);
    expect(state.maxActive).toBeLessThanOrEqual(2);
    expect(m.limits().peakRuns).toBeLessThanOrEqual(2);
    // Rejected runs stay pending and can be executed later.
    const rejected = runs[2]?.id as string;
    expect((await m.getRun(rejected)).status).toBe('pending');
    expect((await m.executeRun(rejected)).status).toBe('completed');
    expect(m.limits().activeSessions).toBe(0);
  });

  it('wait: all runs complete, never above the limits', async () => {
    const { adapter, state } = trackingAdapter(5);
    const m = manager(adapter, { maxParallelRuns: 2, maxParallelSessions: 3, onLimit: 'wait' });
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => m.startSession({ agentId: 'a' })));
    const runs = [];
    for (const s of sessions)
      for (const i of [1, 2]) runs.push(await m.startRun(s.id, `${s.id}-${i}`));
    const results = await Promise.all(runs.map((r) => m.executeRun(r.id)));
    expect(results.every((r) => r.status === 'completed')).toBe(true);
    expect(state.maxActive).toBeLessThanOrEqual(2);
    expect(state.overlapInSession).toBe(false);
    expect(m.limits().peakSessions).toBeLessThanOrEqual(3);
    expect(m.limits()).toMatchObject({ activeRuns: 0, activeSessions: 0 });
  });

  it('wait: the caller’s signal aborts the wait; the run is cancelled without events', async () => {
    const gate = { open: () => {} };
    const opened = new Promise<void>((r) => {
      gate.open = r;
    });
    const m = manager(
      testAdapter(async ({ run }) => {
        if (run.input === 'blocker') await opened;
        return reply('ok');
      }),
      { maxParallelRuns: 1, onLimit: 'wait' },
    );
    const a = await m.startSession({ agentId: 'a' });
    const b = await m.startSession({ agentId: 'b' });
    const blocker = await m.startRun(a.id, 'blocker');
    const waiting = await m.startRun(b.id, 'waiting');
    const first = m.executeRun(blocker.id);
    await new Promise((r) => setTimeout(r, 10));
    const controller = new AbortController();
    const second = m.executeRun(waiting.id, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    expect(m.limits().waitingRuns).toBe(1);
    controller.abort();
    const result = await second;
    expect(result.status).toBe('cancelled');
    expect(result.error?.code).toBe('cancelled');
    expect(await m.getEvents(b.id, { runId: waiting.id })).toEqual([]);
    gate.open();
    expect((await first).status).toBe('completed');
  });

  it('subscribe sees every event once, in order, during concurrent runs', async () => {
    const m = manager(
      testAdapter(async ({ emit, run }) => {
        for (let i = 0; i < 50; i++) {
          emit({ type: 'message_streamed', data: { delta: `${String(run.input)}${i}` } });
          if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        return reply('ok');
      }),
    );
    const s = await m.startSession({ agentId: 'a' });
    const controller = new AbortController();
    const sub = m.subscribe(s.id, { after: 0, signal: controller.signal });
    const seen: SessionEvent[] = [];
    const reading = (async () => {
      for await (const event of sub) seen.push(event);
    })();
    const runs = await Promise.all(['x', 'y', 'z'].map((input) => m.startRun(s.id, input)));
    await Promise.all(runs.map((r) => m.executeRun(r.id)));
    const stored = await m.getEvents(s.id);
    const end = Date.now() + 3000;
    while (seen.length < stored.length && Date.now() < end)
      await new Promise((r) => setTimeout(r, 5));
    sub.close();
    controller.abort();
    await reading.catch(() => undefined);
    expect(seen.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
    expect(stored.length).toBe(1 + 1 + 3 * 54);
  });

  it('streamRun yields the run’s events from run_started to its terminal event', async () => {
    const m = manager(
      testAdapter(async ({ emit }) => {
        emit({ type: 'message_streamed', data: { delta: 'a' } });
        emit({ type: 'message_streamed', data: { delta: 'b' } });
        return reply('ab');
      }),
    );
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'go');
    const stream = await m.streamRun(run.id);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual([
      'run_started',
      'message_sent',
      'message_streamed',
      'message_streamed',
      'message_received',
      'run_completed',
    ]);
    expect((await stream.result).status).toBe('completed');
  });

  it('streamRun of a run cancelled before it started ends without events', async () => {
    const m = manager(testAdapter(async () => reply('x')));
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'go');
    const stream = await m.streamRun(run.id, { signal: AbortSignal.abort('no') });
    const seen: string[] = [];
    for await (const event of stream) seen.push(event.type);
    expect(seen).toEqual([]);
    expect((await stream.result).status).toBe('cancelled');
  });

  it('an adapter awaiting emit gets backpressure and everything is stored', async () => {
    const m = manager(
      testAdapter(async ({ emit, signal }) => {
        for (let i = 0; i < 20_000 && !signal.aborted; i++) {
          const wait = emit({ type: 'message_streamed', data: { delta: 'x' } });
          if (wait) await wait;
        }
        return reply('x');
      }),
    );
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'go');
    let count = 0;
    const result = await m.executeRun(run.id, { onEvent: () => count++ });
    expect(result.eventCount).toBe(20_004);
    expect(count).toBe(20_004);
    await expectRunInvariants(scope.store, run.id);
  });

  it('aborted signals before execution cancel the run', async () => {
    const m = manager(testAdapter(async ({ signal }) => aborted(signal).then(() => reply('x'))));
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'go');
    const result = await m.executeRun(run.id, { signal: AbortSignal.abort('early') });
    expect(result.status).toBe('cancelled');
    expect((await m.getRun(run.id)).status).toBe('cancelled');
  });
});
