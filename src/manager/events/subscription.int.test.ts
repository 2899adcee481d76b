import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import { SqliteSessionStore } from '../../stores/sqlite/sqlite-session-store.js';
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

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const srcUrl = (path: string) => new URL(`../../${path}`, import.meta.url).href;

/** The imports every script below starts with: the modules as a program would load them. */
const PRELUDE = `
import { InMemorySessionStore } from '${srcUrl('stores/memory/in-memory-session-store.ts')}';
import { Session } from '${srcUrl('core/session.ts')}';
import { SessionEvent } from '${srcUrl('core/session-event.ts')}';
import { EventBus } from '${srcUrl('manager/events/event-bus.ts')}';
import { subscribe } from '${srcUrl('manager/events/subscription.ts')}';
import { SessionManager } from '${srcUrl('manager/session-manager.ts')}';
/** An adapter for managers that only subscribe: it never executes a run. */
const idleAdapter = {
  name: 'idle',
  specificationVersion: 'v1',
  capabilities: () => [],
  execute: async () => {
    throw new Error('no runs here');
  },
};
const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Heap in use after full collections, in MiB. */
async function heapMb() {
  await tick();
  globalThis.gc(); globalThis.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
/** A memory store holding one session of n events; every page it reads is tracked weakly. */
async function storeWith(n) {
  const store = new InMemorySessionStore();
  const { id } = await store.saveSession(Session.create({ agentId: 'agent' }));
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - i) }, (_, j) =>
      SessionEvent.create({ type: 'message_streamed', sessionId: id, data: { delta: 'token ' + (i + j) } }));
    await store.appendEvents(id, batch);
  }
  const pages = [];
  const read = store.readEvents.bind(store);
  store.readEvents = async (sessionId, options) => {
    const page = await read(sessionId, options);
    pages.push(new WeakRef(page));
    return page;
  };
  const alivePages = () => pages.filter((ref) => ref.deref() !== undefined).length;
  return { store, id, pages, alivePages };
}
`;

interface ScriptOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let scripts = 0;

/** Run `body` (after PRELUDE) as a Node program with --expose-gc; killed after `timeoutMs`. */
function runScript(body: string, timeoutMs = 20_000): Promise<ScriptOutcome> {
  const file = join(dir, `script-${++scripts}.mts`);
  writeFileSync(file, PRELUDE + body);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The JSON object the script printed last. */
function report(outcome: ScriptOutcome): Record<string, number> {
  expect(outcome.stderr).toBe('');
  expect(outcome.code).toBe(0);
  const lines = outcome.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string);
}

describe('subscribe: memory held (a Node process with --expose-gc)', () => {
  it('replaying 300,000 stored events retains no page read from the store', async () => {
    const outcome = await runScript(`
      const N = 300_000;
      const { store, id, pages, alivePages } = await storeWith(N);
      const before = await heapMb();
      const subscription = subscribe({ store, bus: new EventBus() }, id);
      const iterator = subscription[Symbol.asyncIterator]();
      let delivered = 0;
      while (delivered < N) {
        const step = await iterator.next();
        if (step.value.seq !== delivered + 1) throw new Error('out of order');
        delivered++;
      }
      // Still open: the subscription follows the session now.
      const growthMb = (await heapMb()) - before;
      console.log(JSON.stringify({ delivered, pages: pages.length, alive: alivePages(), growthMb }));
      subscription.close();
    `);
    const { delivered, pages, alive, growthMb } = report(outcome);
    expect(delivered).toBe(300_000);
    expect(pages).toBeGreaterThanOrEqual(600);
    expect(alive).toBeLessThanOrEqual(1);
    expect(growthMb).toBeLessThan(1);
  });

  it('an idle follower retains nothing per poll', async () => {
    const outcome = await runScript(`
      const { store, id, pages, alivePages } = await storeWith(10);
      const subscription = subscribe({ store, bus: new EventBus() }, id, { pollIntervalMs: 1 });
      const iterator = subscription[Symbol.asyncIterator]();
      for (let i = 0; i < 10; i++) await iterator.next();
      const pending = iterator.next();
      const polled = async (n) => {
        const until = pages.length + n;
        while (pages.length < until) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await polled(300); // warm-up: compiled code and timer lists are in the heap from here on
      const before = await heapMb();
      const start = pages.length;
      await polled(1500);
      const growthMb = (await heapMb()) - before;
      console.log(JSON.stringify({ polls: pages.length - start, alive: alivePages(), growthMb }));
      subscription.close();
      if ((await pending).done !== true) throw new Error('not ended');
    `);
    const { polls, alive, growthMb } = report(outcome);
    expect(polls).toBeGreaterThanOrEqual(1500);
    expect(alive).toBeLessThanOrEqual(1);
    expect(growthMb).toBeLessThan(0.4);
  });
});

describe('subscribe: what keeps a Node process alive', () => {
  it('a consumer that stopped reading without closing does not hold the process', async () => {
    const outcome = await runScript(`
      const { store, id } = await storeWith(10);
      const manager = new SessionManager({ store, adapter: idleAdapter });
      const subscription = manager.subscribe(id, { pollIntervalMs: 5 });
      const iterator = subscription[Symbol.asyncIterator]();
      for (let i = 0; i < 3; i++) await iterator.next();
      // Neither the subscription nor the manager is closed.
      console.log('stopped reading');
    `);
    expect(outcome).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(outcome.stdout).toBe('stopped reading\n');
  });

  it('a pending next() keeps the process alive until an event comes or the subscription ends', async () => {
    const outcome = await runScript(`
      const { store, id } = await storeWith(2);
      const subscription = subscribe({ store, bus: new EventBus() }, id, { pollIntervalMs: 5 });
      const iterator = subscription[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.next();
      iterator.next().then((step) => console.log('done ' + step.done));
      // An unref'd timer fires only if something else keeps the process alive.
      setTimeout(() => {
        console.log('closing');
        subscription.close();
      }, 200).unref();
    `);
    expect(outcome).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(outcome.stdout).toBe('closing\ndone true\n');
  });

  it('manager.close() ends a pending next(), so the process exits', async () => {
    const outcome = await runScript(
      `
      const { store, id } = await storeWith(1);
      const manager = new SessionManager({ store, adapter: idleAdapter });
      const subscription = manager.subscribe(id);
      const iterator = subscription[Symbol.asyncIterator]();
      await iterator.next();
      const pending = iterator.next();
      await manager.close();
      console.log('done ' + (await pending).done);
    `,
      10_000,
    );
    expect(outcome).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(outcome.stdout).toBe('done true\n');
  });
});
