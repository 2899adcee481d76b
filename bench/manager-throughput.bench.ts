// Events per second through SessionManager.executeRun with MockAdapter streaming 200,000 deltas (no
// latency) and one live subscriber, on memory and on SQLite, against a bare loop that only creates
// and collects the same events, measured in the same run. Run: npm run bench:manager
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InMemorySessionStore,
  MockAdapter,
  newId,
  nowIso,
  SessionManager,
  type SessionStore,
} from '../src/index.js';
import { SqliteSessionStore } from '../src/sqlite.js';
import { fmt, printTable } from './lib/measure.js';

const DELTAS = Number(process.env.BENCH_DELTAS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'asm-bench-manager-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// The floor: make each event object (id, timestamp cached per millisecond) and collect it.
function bareLoop(): number {
  const sessionId = newId('ses');
  const runId = newId('run');
  const out: object[] = [];
  const start = performance.now();
  for (let i = 0; i < DELTAS; i++) {
    out.push({
      id: newId('evt'),
      seq: i + 1,
      type: 'message_streamed',
      sessionId,
      runId,
      timestamp: nowIso(),
      provider: 'mock',
      data: { delta: 'x' },
      metadata: {},
    });
  }
  const ms = performance.now() - start;
  if (out.length !== DELTAS) throw new Error('lost events');
  return (DELTAS / ms) * 1000;
}

async function managerRate(store: SessionStore): Promise<number> {
  const manager = new SessionManager({
    store,
    adapter: new MockAdapter({ deltas: DELTAS, chunkSize: 1 }),
    telemetry: false,
  });
  const session = await manager.startSession({ agentId: 'bench' });
  const run = await manager.startRun(session.id, 'stream');
  const controller = new AbortController();
  let seen = 0;
  const subscriber = (async () => {
    for await (const event of manager.subscribe(session.id, { signal: controller.signal })) {
      seen++;
      if (event.type === 'run_completed') break;
    }
  })();
  const start = performance.now();
  const result = await manager.executeRun(run.id);
  await subscriber;
  const ms = performance.now() - start;
  if (result.status !== 'completed') throw new Error(`run ended ${result.status}`);
  const stored = await store.latestSeq(session.id);
  if (seen !== stored || stored < DELTAS) throw new Error(`subscriber saw ${seen} of ${stored}`);
  await manager.close();
  await store.close();
  return (stored / ms) * 1000;
}

let file = 0;
const cases: [string, () => number | Promise<number>][] = [
  ['bare loop: create and collect events', bareLoop],
  ['executeRun, InMemorySessionStore, 1 subscriber', () => managerRate(new InMemorySessionStore())],
  [
    'executeRun, SqliteSessionStore (file), 1 subscriber',
    () => managerRate(new SqliteSessionStore({ path: join(dir, `m-${++file}.db`) })),
  ],
];
// One unmeasured round first, so the JIT has compiled the hot path of every case.
for (const [, measure] of cases) await measure();
const samples = cases.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [, measure]] of cases.entries()) samples[i]?.push(await measure());
}
const rates = samples.map(median);
const bare = rates[0] as number;
printTable(
  `Events through executeRun, ${fmt(DELTAS)} deltas (median of ${ROUNDS} interleaved rounds after a warm-up round)`,
  ['case', 'events/s', 'ratio to bare loop'],
  cases.map(([name], i) => [name, fmt(rates[i] as number), fmt((rates[i] as number) / bare, 2)]),
);
rmSync(dir, { recursive: true, force: true });
