// Cursor reads (`readEvents({ after, limit: 100 })`) near the end of a long session, at 10k and 1M
// events, on SQLite, against raw better-sqlite3 running the same query on identical rows.
// Run: npm run bench:store
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../src/index.js';
import { SqliteSessionStore } from '../src/sqlite.js';
import { chunks, streamedEvents } from './lib/events.js';
import { fmt, percentile, printTable } from './lib/measure.js';
import { RawEventTable } from './lib/raw-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-bench-read-'));
const SAMPLES = 2000;
const WINDOW = 10_000;

function cursors(total: number): number[] {
  const from = Math.max(0, total - WINDOW);
  return Array.from(
    { length: SAMPLES },
    () => from + Math.floor(Math.random() * (total - from - 100)),
  );
}

async function storeLatencies(total: number): Promise<number[]> {
  const store = new SqliteSessionStore({ path: join(dir, `store-${total}.sqlite`) });
  const session = await store.saveSession(Session.create({ agentId: 'bench' }));
  for (const batch of chunks(streamedEvents(session.id, 'run_bench', total), 1000)) {
    await store.appendEvents(session.id, batch);
  }
  const out: number[] = [];
  for (const after of cursors(total)) {
    const start = performance.now();
    const page = await store.readEvents(session.id, { after, limit: 100 });
    out.push(performance.now() - start);
    if (page.length !== 100 || page[0]?.seq !== after + 1) throw new Error('wrong page');
  }
  await store.close();
  return out;
}

function rawLatencies(total: number): number[] {
  const raw = new RawEventTable(join(dir, `raw-${total}.sqlite`));
  raw.insert(streamedEvents('ses_bench', 'run_bench', total), 10_000);
  const out: number[] = [];
  for (const after of cursors(total)) {
    const start = performance.now();
    raw.readAfter('ses_bench', after, 100);
    out.push(performance.now() - start);
  }
  raw.close();
  return out;
}

const rows: string[][] = [];
for (const total of [10_000, 1_000_000]) {
  const raw = rawLatencies(total);
  const store = await storeLatencies(total);
  const [rp50, rp99, sp50, sp99] = [
    percentile(raw, 50),
    percentile(raw, 99),
    percentile(store, 50),
    percentile(store, 99),
  ];
  rows.push([fmt(total), 'raw better-sqlite3', fmt(rp50, 3), fmt(rp99, 3), '1.00']);
  rows.push([fmt(total), 'SqliteSessionStore', fmt(sp50, 3), fmt(sp99, 3), fmt(sp50 / rp50, 2)]);
}
printTable(
  `readEvents({ after, limit: 100 }) latency in ms (${SAMPLES} reads, cursor in the last ${fmt(WINDOW)} events)`,
  ['events in session', 'reader', 'p50 ms', 'p99 ms', 'p50 ratio to raw'],
  rows,
);
rmSync(dir, { recursive: true, force: true });
