// Replaying a long session through `subscribe`, against paging `store.readEvents` directly with the
// same page size, in the same run, on memory and on a SQLite file: events per second, their ratio,
// and the heap kept after a full GC at the end of the replay (the subscription still open).
// Run: npm run bench:subscription (node --expose-gc)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySessionStore, Session, type SessionStore } from '../src/index.js';
import { EventBus } from '../src/manager/events/event-bus.js';
import { SUBSCRIPTION_PAGE_SIZE, subscribe } from '../src/manager/events/subscription.js';
import { SqliteSessionStore } from '../src/sqlite.js';
import { chunks, streamedEvents } from './lib/events.js';
import { collectGarbage, fmt, printTable } from './lib/measure.js';

const N = Number(process.env.BENCH_SUBSCRIPTION_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'asm-bench-subscription-'));

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  throw new Error('run with node --expose-gc (npm run bench:subscription)');
}

interface Pass {
  eventsPerSecond: number;
  heapGrowthMb: number;
}

function heapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The work a consumer does per event in both passes: check the order, count. */
function check(seq: number, expected: number): void {
  if (seq !== expected) throw new Error(`expected seq ${expected}, got ${seq}`);
}

async function direct(store: SessionStore, sessionId: string): Promise<Pass> {
  const before = heapMb();
  const start = performance.now();
  let after = 0;
  while (after < N) {
    const page = await store.readEvents(sessionId, { after, limit: SUBSCRIPTION_PAGE_SIZE });
    if (page.length === 0) throw new Error(`the store ended at ${after} events`);
    for (const event of page) check(event.seq, ++after);
  }
  const ms = performance.now() - start;
  return { eventsPerSecond: (N / ms) * 1000, heapGrowthMb: heapMb() - before };
}

async function viaSubscription(store: SessionStore, sessionId: string): Promise<Pass> {
  const before = heapMb();
  const subscription = subscribe({ store, bus: new EventBus() }, sessionId);
  const iterator = subscription[Symbol.asyncIterator]();
  const start = performance.now();
  let delivered = 0;
  while (delivered < N) {
    const step = await iterator.next();
    if (step.done) throw new Error(`the subscription ended at ${delivered} events`);
    check(step.value.seq, ++delivered);
  }
  const ms = performance.now() - start;
  // Measured while the subscription is still open: it now follows the session.
  const heapGrowthMb = heapMb() - before;
  subscription.close();
  return { eventsPerSecond: (N / ms) * 1000, heapGrowthMb };
}

async function filled(store: SessionStore): Promise<string> {
  const session = await store.saveSession(Session.create({ agentId: 'bench' }));
  for (const batch of chunks(streamedEvents(session.id, 'run_bench', N), 1000)) {
    await store.appendEvents(session.id, batch);
  }
  return session.id;
}

const stats = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
};
const span = (xs: readonly number[], digits: number) => {
  const s = stats(xs);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
};

const rows: string[][] = [];
const cases: [string, () => SessionStore][] = [
  ['memory', () => new InMemorySessionStore()],
  ['SQLite file', () => new SqliteSessionStore({ path: join(dir, 'replay.sqlite') })],
];
for (const [name, open] of cases) {
  const store = open();
  const sessionId = await filled(store);
  // Warm-up, so that both passes run compiled code.
  await direct(store, sessionId);
  await viaSubscription(store, sessionId);
  const directs: Pass[] = [];
  const subs: Pass[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which pass goes first, so neither always runs on a warmer or colder cache.
    if (round % 2 === 0) {
      directs.push(await direct(store, sessionId));
      subs.push(await viaSubscription(store, sessionId));
    } else {
      subs.push(await viaSubscription(store, sessionId));
      directs.push(await direct(store, sessionId));
    }
  }
  await store.close();
  const ratios = subs.map((s, i) => s.eventsPerSecond / (directs[i] as Pass).eventsPerSecond);
  rows.push([
    name,
    'readEvents pages',
    span(
      directs.map((p) => p.eventsPerSecond),
      0,
    ),
    '1.00',
    span(
      directs.map((p) => p.heapGrowthMb),
      1,
    ),
  ]);
  rows.push([
    name,
    'subscribe',
    span(
      subs.map((p) => p.eventsPerSecond),
      0,
    ),
    span(ratios, 2),
    span(
      subs.map((p) => p.heapGrowthMb),
      1,
    ),
  ]);
}
rmSync(dir, { recursive: true, force: true });

printTable(
  `Replaying ${fmt(N)} stored events, pages of ${SUBSCRIPTION_PAGE_SIZE}, ${ROUNDS} rounds: median (min–max)`,
  ['store', 'reader', 'events/s', 'ratio to readEvents', 'heap kept after GC, MiB'],
  rows,
);
console.log('\nTargets: subscribe ≥ 0.8 of readEvents paging; heap kept under 40 MiB.');
