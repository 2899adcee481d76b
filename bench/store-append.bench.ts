// Append throughput of the stores against raw better-sqlite3 inserting identical rows, same run.
// Run: npm run bench:store
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySessionStore, newId, Session, type SessionStore } from '../src/index.js';
import { SqliteSessionStore } from '../src/sqlite.js';
import { chunks, streamedEvents } from './lib/events.js';
import { fmt, printTable, timeMs } from './lib/measure.js';
import { RawEventTable } from './lib/raw-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-bench-'));
let files = 0;
const nextFile = () => join(dir, `db-${++files}.sqlite`);

type Mode = 'one per call' | 'batches of 100' | '100 concurrent callers, one each';

async function storeRate(store: SessionStore, count: number, mode: Mode): Promise<number> {
  const session = await store.saveSession(Session.create({ agentId: 'bench' }));
  const events = streamedEvents(session.id, newId('run'), count);
  const ms = await timeMs(async () => {
    if (mode === 'one per call') {
      for (const e of events) await store.appendEvents(session.id, [e]);
    } else if (mode === 'batches of 100') {
      for (const batch of chunks(events, 100)) await store.appendEvents(session.id, batch);
    } else {
      for (const wave of chunks(events, 100)) {
        await Promise.all(wave.map((e) => store.appendEvents(session.id, [e])));
      }
    }
  });
  await store.close();
  return (count / ms) * 1000;
}

function rawRate(count: number, batch: number): number {
  const raw = new RawEventTable(nextFile());
  const events = streamedEvents(newId('ses'), newId('run'), count);
  const start = performance.now();
  raw.insert(events, batch);
  const ms = performance.now() - start;
  raw.close();
  return (count / ms) * 1000;
}

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

type Case = { name: string; count: number; measure: () => Promise<number> | number };
const cases: Case[] = [
  {
    name: 'raw better-sqlite3, one transaction',
    count: N,
    measure: () => rawRate(N, Number.POSITIVE_INFINITY),
  },
  { name: 'raw better-sqlite3, transactions of 100', count: N, measure: () => rawRate(N, 100) },
  {
    name: 'raw better-sqlite3, autocommit',
    count: Math.min(N, 20_000),
    measure: () => rawRate(Math.min(N, 20_000), 1),
  },
];
const storeCases: [string, () => SessionStore, number, Mode][] = [
  [
    'SqliteSessionStore (file)',
    () => new SqliteSessionStore({ path: nextFile() }),
    N,
    'batches of 100',
  ],
  [
    'SqliteSessionStore (file)',
    () => new SqliteSessionStore({ path: nextFile() }),
    N,
    '100 concurrent callers, one each',
  ],
  [
    'SqliteSessionStore (file)',
    () => new SqliteSessionStore({ path: nextFile() }),
    Math.min(N, 20_000),
    'one per call',
  ],
  ['InMemorySessionStore', () => new InMemorySessionStore(), N * 5, 'batches of 100'],
  ['InMemorySessionStore', () => new InMemorySessionStore(), N, 'one per call'],
];
for (const [name, make, count, mode] of storeCases) {
  cases.push({ name: `${name}, ${mode}`, count, measure: () => storeRate(make(), count, mode) });
}
// Rounds interleave every case, so load from elsewhere on the machine hits baseline and store alike.
const samples = cases.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, c] of cases.entries()) samples[i]?.push(await c.measure());
}
const rates = samples.map(median);
const [rawOne, rawHundred] = [rates[0] as number, rates[1] as number];
const rows = cases.map((c, i) => {
  const rate = rates[i] as number;
  return [c.name, fmt(c.count), fmt(rate), fmt(rate / rawOne, 2), fmt(rate / rawHundred, 2)];
});
printTable(
  `Append throughput (events/s, median of ${ROUNDS} interleaved rounds)`,
  ['case', 'events', 'events/s', 'ratio to raw one transaction', 'ratio to raw batches of 100'],
  rows,
);
rmSync(dir, { recursive: true, force: true });
