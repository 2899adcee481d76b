// Peak heap of InMemorySessionStore holding 1,000,000 small events, against the same events held in
// a plain array (the least any in-process store can use). Run: npm run bench:store
import { InMemorySessionStore, Session } from '../src/index.js';
import { chunks, streamedEvents } from './lib/events.js';
import { collectGarbage, fmt, printTable } from './lib/measure.js';

const N = Number(process.env.BENCH_EVENTS_MEMORY ?? 1_000_000);

function heapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const base = heapMb();
let array: unknown[] | null = streamedEvents('ses_bench', 'run_bench', N);
const arrayMb = heapMb() - base;
array = null;

const before = heapMb();
const store = new InMemorySessionStore();
const session = await store.saveSession(Session.create({ agentId: 'bench' }));
let peakRss = 0;
for (const batch of chunks(streamedEvents(session.id, 'run_bench', N), 1000)) {
  await store.appendEvents(session.id, batch);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const storeMb = heapMb() - before;
if ((await store.latestSeq(session.id)) !== N || array !== null) throw new Error('lost events');
printTable(
  `Memory of ${fmt(N)} small events`,
  ['holder', 'heap MiB', 'bytes per event', 'ratio to plain array'],
  [
    ['plain array of the events', fmt(arrayMb, 1), fmt((arrayMb * 2 ** 20) / N), '1.00'],
    [
      'InMemorySessionStore',
      fmt(storeMb, 1),
      fmt((storeMb * 2 ** 20) / N),
      fmt(storeMb / arrayMb, 2),
    ],
  ],
);
console.log(`\nPeak RSS while filling the store: ${fmt(peakRss / 2 ** 20)} MiB`);
await store.close();
