import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MockAdapter } from '../../adapters/mock/mock-adapter.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { EventType } from '../../core/event-types.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { SessionManager } from '../session-manager.js';
import { EventBus } from './event-bus.js';
import {
  OpenSubscriptions,
  SessionSubscription,
  type Subscription,
  subscribe,
} from './subscription.js';

interface AppendOptions {
  publish?: boolean;
  runId?: string | null;
  type?: EventType;
}

async function setup() {
  const store = new InMemorySessionStore();
  const bus = new EventBus();
  const session = await store.saveSession(Session.create({ agentId: 'agent' }));
  const sessionId = session.id;
  /** Store `n` events the way the manager does: append, then publish what was stored. */
  const append = async (n: number, options: AppendOptions = {}) => {
    const type = options.type ?? 'message_streamed';
    const events = Array.from({ length: n }, () =>
      SessionEvent.create({ type, sessionId, runId: options.runId ?? null, data: dataOf(type) }),
    );
    const stored = await store.appendEvents(sessionId, events);
    if (options.publish !== false) bus.publish(sessionId, stored);
    return stored;
  };
  return { store, bus, sessionId, append };
}

function dataOf(type: EventType): Record<string, unknown> {
  if (type === 'run_completed') return { stopReason: 'end_turn', tokenUsage: {}, costUsd: null };
  if (type === 'run_failed') return { errorCode: 'provider_error', errorMessage: 'boom' };
  return { delta: 'x' };
}

async function take(subscription: Subscription, n: number): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  if (n === 0) return out;
  for await (const event of subscription) {
    out.push(event);
    if (out.length === n) break;
  }
  return out;
}

const seqs = (events: readonly SessionEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('subscribe: replay and live', () => {
  it('replays stored events after the cursor, then follows live ones', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(5);
    const subscription = subscribe({ store, bus }, sessionId, { after: 2 });
    const iterator = subscription[Symbol.asyncIterator]();
    const replayed = [];
    for (let i = 0; i < 3; i++) replayed.push((await iterator.next()).value as SessionEvent);
    expect(seqs(replayed)).toEqual([3, 4, 5]);
    const pending = iterator.next();
    await append(2);
    expect((await pending).value?.seq).toBe(6);
    expect((await iterator.next()).value?.seq).toBe(7);
    subscription.close();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('delivers no duplicate when events are both replayed and published', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(700);
    const subscription = subscribe({ store, bus }, sessionId, { pollIntervalMs: 1000 });
    const collected = take(subscription, 1400);
    // Appended and published while the subscription is still paging the store.
    for (let i = 0; i < 7; i++) await append(100);
    // The same stored batch published again is ignored.
    bus.publish(sessionId, await store.readEvents(sessionId, { after: 0, limit: 50 }));
    expect(seqs(await collected)).toEqual(range(1, 1400));
  });

  it('fills a seq gap from the store when a publish was skipped', async () => {
    const { store, bus, sessionId, append } = await setup();
    const subscription = subscribe({ store, bus }, sessionId, { pollIntervalMs: 60_000 });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    await append(1);
    expect((await first).value?.seq).toBe(1);
    await append(3, { publish: false }); // written by another process
    await append(2);
    const rest = [];
    for (let i = 0; i < 5; i++) rest.push((await iterator.next()).value as SessionEvent);
    expect(seqs(rest)).toEqual([2, 3, 4, 5, 6]);
    subscription.close();
  });

  it('sees events it was never told about by re-reading the store while idle', async () => {
    const { store, bus, sessionId, append } = await setup();
    const subscription = subscribe({ store, bus }, sessionId, { pollIntervalMs: 10 });
    const collected = take(subscription, 4);
    await sleep(5);
    await append(4, { publish: false });
    expect(seqs(await collected)).toEqual([1, 2, 3, 4]);
  });

  it('the first next() rejects with session_not_found for a missing session', async () => {
    const { store, bus } = await setup();
    const subscription = subscribe({ store, bus }, 'ses_missing');
    const iterator = subscription[Symbol.asyncIterator]();
    const error = await iterator.next().catch((e: unknown) => e);
    expect(AgentSessionError.isInstance(error) && error.code).toBe('session_not_found');
    expect(bus.listenerCount('ses_missing')).toBe(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it.each([
    [{ after: -1 }, 'options.after'],
    [{ maxBuffered: 0 }, 'options.maxBuffered'],
    [{ pollIntervalMs: 1.5 }, 'options.pollIntervalMs'],
    [{ runId: 5 }, 'options.runId'],
    [{ signal: 'no' }, 'options.signal'],
  ])('rejects bad options %j with validation_error', async (options, field) => {
    const { store, bus, sessionId } = await setup();
    const call = () => subscribe({ store, bus }, sessionId, options as never);
    expect(call).toThrow(AgentSessionError);
    expect(call).toThrow(field);
  });
});

describe('subscribe: pollIntervalMs bound', () => {
  it('rejects a pollIntervalMs above 2^31-1 ms (Node timers would fire at once) naming the max', async () => {
    const { store, bus, sessionId } = await setup();
    for (const pollIntervalMs of [2 ** 31, 2 ** 40]) {
      const error = (() => {
        try {
          subscribe({ store, bus }, sessionId, { pollIntervalMs });
        } catch (e) {
          return e;
        }
      })();
      expect(AgentSessionError.isInstance(error) && error.code).toBe('validation_error');
      expect((error as Error).message).toContain('options.pollIntervalMs');
      expect((error as Error).message).toContain('2147483647');
    }
    subscribe({ store, bus }, sessionId, { pollIntervalMs: 2 ** 31 - 1 }).close();
  });
});

/** An adapter for managers that only subscribe: it never executes a run. */
const idleAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  name: 'idle',
  capabilities: () => [],
  execute: () => Promise.reject(new Error('no runs here')),
};

describe('subscribe through a SessionManager: close()', () => {
  it('manager.close() ends every open subscription; a pending next() resolves done', async () => {
    const { store, sessionId, append } = await setup();
    await append(3);
    const manager = new SessionManager({ store, adapter: idleAdapter });
    const waiting = manager.subscribe(sessionId, { pollIntervalMs: 60_000 });
    const waitingIterator = waiting[Symbol.asyncIterator]();
    expect(seqs([(await waitingIterator.next()).value as SessionEvent])).toEqual([1]);
    await waitingIterator.next();
    await waitingIterator.next();
    const pending = waitingIterator.next();
    const unread = manager.subscribe(sessionId);
    const looping = (async () => {
      const seen: number[] = [];
      for await (const event of manager.subscribe(sessionId, { after: 1 })) seen.push(event.seq);
      return seen;
    })();
    await sleep(5);
    await manager.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await unread[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    expect(await looping).toEqual([2, 3]);
    await append(1);
    expect(await waitingIterator.next()).toEqual({ done: true, value: undefined });
  });

  it('manager.close() lets followers see the runs it cancels, then ends them', async () => {
    const manager = new SessionManager({ adapter: new MockAdapter({ hang: true }) });
    const session = await manager.startSession({ agentId: 'agent' });
    const run = await manager.startRun(session.id, 'Wait');
    const types = async (events: AsyncIterable<SessionEvent>) => {
      const out: string[] = [];
      for await (const event of events) out.push(event.type);
      return out;
    };
    const follower = types(manager.subscribe(session.id));
    const stream = await manager.streamRun(run.id);
    const streamed = types(stream);
    await sleep(20);
    await manager.close();
    expect((await follower).at(-1)).toBe('run_cancelled');
    expect((await streamed).at(-1)).toBe('run_cancelled');
    expect((await stream.result).status).toBe('cancelled');
  });

  it('subscribe() and streamRun() after close() throw invalid_operation naming the manager', async () => {
    const { store, sessionId } = await setup();
    const manager = new SessionManager({ store, adapter: idleAdapter, ownerId: 'owner-7' });
    await manager.close();
    const error = (() => {
      try {
        manager.subscribe(sessionId);
      } catch (e) {
        return e;
      }
    })();
    expect(AgentSessionError.isInstance(error) && error.code).toBe('invalid_operation');
    expect((error as Error).message).toContain('owner-7');
    expect((error as Error).message).toContain('closed');
    const streamError = await manager.streamRun('run_missing').catch((e: unknown) => e);
    expect(AgentSessionError.isInstance(streamError) && streamError.code).toBe('invalid_operation');
    expect((streamError as Error).message).toContain('owner-7');
  });
});

describe('subscribe: bounded buffer', () => {
  it('holds at most maxBuffered events for a slow consumer and still delivers all in order', async () => {
    const { store, bus, sessionId, append } = await setup();
    const maxBuffered = 100;
    const subscription = subscribe({ store, bus }, sessionId, { maxBuffered });
    expect(subscription).toBeInstanceOf(SessionSubscription);
    const sub = subscription as SessionSubscription;
    const iterator = sub[Symbol.asyncIterator]();
    const first = iterator.next();
    await append(1);
    expect((await first).value?.seq).toBe(1);
    // The consumer sleeps while 50,000 events are stored and published.
    let peak = 0;
    for (let i = 0; i < 500; i++) {
      await append(100);
      peak = Math.max(peak, sub.bufferedCount());
    }
    expect(peak).toBe(maxBuffered);
    let expected = 2;
    for (;;) {
      const step = await iterator.next();
      expect(step.value?.seq).toBe(expected);
      expect(sub.bufferedCount()).toBeLessThanOrEqual(maxBuffered);
      if (expected === 50_001) break;
      expected++;
    }
    expect(sub.peakBufferedCount()).toBeLessThanOrEqual(maxBuffered);
    sub.close();
  });
});

describe('subscribe: ending', () => {
  it('close() ends a for-await loop and resolves a pending next() as done', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(2);
    const subscription = subscribe({ store, bus }, sessionId);
    const seen: number[] = [];
    const loop = (async () => {
      for await (const event of subscription) seen.push(event.seq);
    })();
    await sleep(10);
    expect(bus.listenerCount(sessionId)).toBe(1);
    subscription.close();
    await loop;
    expect(seen).toEqual([1, 2]);
    expect(bus.listenerCount(sessionId)).toBe(0);
    subscription.close();
  });

  it('an aborted signal ends the loop and removes the listener', async () => {
    const { store, bus, sessionId, append } = await setup();
    const controller = new AbortController();
    const subscription = subscribe({ store, bus }, sessionId, { signal: controller.signal });
    const seen: number[] = [];
    const loop = (async () => {
      for await (const event of subscription) {
        seen.push(event.seq);
        if (event.seq === 3) controller.abort();
      }
    })();
    await append(3);
    await append(3);
    await loop;
    expect(seen).toEqual([1, 2, 3]);
    expect(bus.listenerCount(sessionId)).toBe(0);
    const already = subscribe({ store, bus }, sessionId, { signal: AbortSignal.abort() });
    expect(await take(already, 1)).toEqual([]);
  });

  it('a store read in flight when the subscription closes neither delivers nor throws', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(3);
    let failRead: (error: Error) => void = () => {};
    store.readEvents = () => new Promise<never>((_, reject) => (failRead = reject));
    const subscription = subscribe({ store, bus }, sessionId);
    const pending = subscription[Symbol.asyncIterator]().next();
    await sleep(5);
    subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    failRead(new Error('store closed'));
    await sleep(5);
  });

  it('OpenSubscriptions.endAll(): each delivers what it holds, takes nothing more, then ends', async () => {
    const { store, bus, sessionId, append } = await setup();
    const open = new OpenSubscriptions();
    const holding = subscribe({ store, bus, open }, sessionId, { pollIntervalMs: 60_000 });
    const iterator = holding[Symbol.asyncIterator]();
    const first = iterator.next();
    await append(3);
    expect((await first).value?.seq).toBe(1);
    const waiting = subscribe({ store, bus, open }, sessionId, { after: 3 });
    const pending = waiting[Symbol.asyncIterator]().next();
    await sleep(5);
    open.endAll();
    await append(2);
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(seqs(await take(holding, 10))).toEqual([2, 3]);
    expect(bus.listenerCount(sessionId)).toBe(0);
  });

  it('break in for-await cleans up the bus listener', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(5);
    const subscription = subscribe({ store, bus }, sessionId);
    expect(seqs(await take(subscription, 2))).toEqual([1, 2]);
    expect(bus.listenerCount(sessionId)).toBe(0);
    await append(1);
    expect(await take(subscription, 1)).toEqual([]);
  });

  it('untilTerminalOf ends after that run’s terminal event; runId filters', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(2, { runId: 'run_a' });
    await append(1, { runId: 'run_b' });
    await append(1, { runId: 'run_b', type: 'run_failed' });
    const subscription = subscribe({ store, bus }, sessionId, {
      runId: 'run_a',
      untilTerminalOf: 'run_a',
    });
    const seen: SessionEvent[] = [];
    const loop = (async () => {
      for await (const event of subscription) seen.push(event);
    })();
    await append(1, { runId: 'run_b' });
    await append(1, { runId: 'run_a' });
    await append(1, { runId: 'run_a', type: 'run_completed' });
    await append(1, { runId: 'run_a' });
    await loop;
    expect(seen.map((e) => [e.seq, e.runId, e.type])).toEqual([
      [1, 'run_a', 'message_streamed'],
      [2, 'run_a', 'message_streamed'],
      [6, 'run_a', 'message_streamed'],
      [7, 'run_a', 'run_completed'],
    ]);
    expect(bus.listenerCount(sessionId)).toBe(0);
  });

  it('untilTerminalOf ends on a terminal event found in the store', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(1, { runId: 'run_a' });
    await append(1, { runId: 'run_a', type: 'run_failed' });
    await append(1);
    const subscription = subscribe({ store, bus }, sessionId, { untilTerminalOf: 'run_a' });
    expect(seqs(await take(subscription, 10))).toEqual([1, 2]);
  });
});

describe('subscribe: property', () => {
  it('delivers exactly after+1..N in order under concurrent appenders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            batches: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
            publishes: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 64 }),
        async (writers, initial, startAfterBatches, maxBuffered) => {
          const { store, bus, sessionId, append } = await setup();
          if (initial > 0) await append(initial);
          const after = Math.floor(initial / 2);
          const total = initial + writers.flatMap((w) => w.batches).reduce((a, b) => a + b, 0);
          let subscription: Subscription | undefined;
          let collected: Promise<SessionEvent[]> | undefined;
          let written = 0;
          const start = () => {
            subscription ??= subscribe({ store, bus }, sessionId, {
              after,
              maxBuffered,
              pollIntervalMs: 2,
            });
            collected ??= take(subscription, total - after);
          };
          await Promise.all(
            writers.map(async (writer) => {
              for (const size of writer.batches) {
                if (written++ === startAfterBatches) start();
                await append(size, { publish: writer.publishes });
                await new Promise<void>((resolve) => setImmediate(resolve));
              }
            }),
          );
          start();
          expect(seqs(await (collected as Promise<SessionEvent[]>))).toEqual(
            range(after + 1, total),
          );
          expect(bus.listenerCount(sessionId)).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
