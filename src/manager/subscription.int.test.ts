import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Session } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import type { SessionStore } from '../ports/session-store.js';
import { SqliteSessionStore } from '../stores/sqlite/sqlite-session-store.js';
import { EventBus } from './event-bus.js';
import { type SessionSubscription, type Subscription, subscribe } from './subscription.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-subscription-'));
let files = 0;
const opened: SqliteSessionStore[] = [];

afterAll(async () => {
  for (const store of opened) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A file store, plus a second connection to the same file standing in for another process. */
async function setup() {
  const path = join(dir, `sub-${++files}.db`);
  const store = new SqliteSessionStore({ path });
  const other = new SqliteSessionStore({ path });
  opened.push(store, other);
  const bus = new EventBus();
  const { id: sessionId } = await store.saveSession(Session.create({ agentId: 'agent' }));
  const append = async (n: number, via: SessionStore = store) => {
    const events = Array.from({ length: n }, () =>
      SessionEvent.create({ type: 'message_streamed', sessionId, data: { delta: 'x' } }),
    );
    const stored = await via.appendEvents(sessionId, events);
    if (via === store) bus.publish(sessionId, stored);
    return stored;
  };
  return { store, other, bus, sessionId, append };
}

async function take(subscription: Subscription, n: number): Promise<number[]> {
  const out: number[] = [];
  for await (const event of subscription) {
    out.push(event.seq);
    if (out.length === n) break;
  }
  return out;
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

describe('subscribe over a SQLite file store', () => {
  it('replays, then follows live events without duplicates', async () => {
    const { store, bus, sessionId, append } = await setup();
    await append(600);
    const collected = take(subscribe({ store, bus }, sessionId, { after: 100 }), 800);
    for (let i = 0; i < 3; i++) await append(100);
    expect(await collected).toEqual(range(101, 900));
    expect(bus.listenerCount(sessionId)).toBe(0);
  });

  it('picks up another connection’s writes from gaps and idle polling', async () => {
    const { store, other, bus, sessionId, append } = await setup();
    const collected = take(subscribe({ store, bus }, sessionId, { pollIntervalMs: 5 }), 30);
    await append(5);
    await append(10, other);
    await append(5);
    await append(10, other);
    expect(await collected).toEqual(range(1, 30));
  });

  it('keeps its buffer bounded under a slow consumer', async () => {
    const { store, bus, sessionId, append } = await setup();
    const sub = subscribe({ store, bus }, sessionId, { maxBuffered: 50 }) as SessionSubscription;
    const iterator = sub[Symbol.asyncIterator]();
    const first = iterator.next();
    await append(1);
    expect((await first).value?.seq).toBe(1);
    for (let i = 0; i < 50; i++) await append(100);
    expect(sub.bufferedCount()).toBe(50);
    const rest: number[] = [];
    while (rest.length < 5000) rest.push(((await iterator.next()).value as SessionEvent).seq);
    expect(rest).toEqual(range(2, 5001));
    expect(sub.peakBufferedCount()).toBe(50);
    sub.close();
  });

  it('rejects a missing session with session_not_found', async () => {
    const { store, bus } = await setup();
    const error = await take(subscribe({ store, bus }, 'ses_missing'), 1).catch((e: unknown) => e);
    expect(AgentSessionError.isInstance(error) && error.code).toBe('session_not_found');
  });

  // Writes on the two connections are issued one after another: in one thread, a write that
  // waits for the other connection's lock would block the thread for the whole busy timeout.
  it('delivers exactly after+1..N while two connections write in random order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 30 }), other: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 40 }),
        async (batches, initial) => {
          const { store, other, bus, sessionId, append } = await setup();
          if (initial > 0) await append(initial);
          const after = Math.floor(initial / 3);
          const total = initial + batches.reduce((sum, b) => sum + b.size, 0);
          const subscription = subscribe({ store, bus }, sessionId, {
            after,
            maxBuffered: 16,
            pollIntervalMs: 5,
          });
          const collected = take(subscription, total - after);
          for (const batch of batches) {
            await append(batch.size, batch.other ? other : store);
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
          expect(await collected).toEqual(range(after + 1, total));
        },
      ),
      { numRuns: 15 },
    );
  });
});
