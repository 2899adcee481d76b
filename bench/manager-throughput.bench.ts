// Events per second through SessionManager.executeRun with MockAdapter streaming 200,000 deltas (no
// latency) and one live subscriber, on memory and on SQLite, against a bare loop that only creates
// and collects the same events, measured in the same run. Run: npm run bench:manager
import { execFileSync } from 'node:child_process';
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

// Each measurement runs in a fresh child process, so one case's heap (a million SQLite rows, the
// previous run's events) does not slow the garbage collection of the next. Rounds alternate cases.
const CASES: Record<string, () => number | Promise<number>> = {
  bare: bareLoop,
  memory: () => managerRate(new InMemorySessionStore()),
  sqlite: () => managerRate(new SqliteSessionStore({ path: join(dir, 'manager.db') })),
};
const NAMES: Record<string, string> = {
  bare: 'bare loop: create and collect events',
  memory: 'executeRun, InMemorySessionStore, 1 subscriber',
  sqlite: 'executeRun, SqliteSessionStore (file), 1 subscriber',
};

const only = process.env.BENCH_CASE;
if (only !== undefined) {
  const measure = CASES[only];
  if (!measure) throw new Error(`unknown BENCH_CASE ${only}`);
  await measure(); // warm-up in the same process: the JIT compiles the hot path first
  console.log(JSON.stringify({ rate: await measure() }));
  rmSync(dir, { recursive: true, force: true });
} else {
  const samples: Record<string, number[]> = { bare: [], memory: [], sqlite: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(CASES)) {
      const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1] as string], {
        env: { ...process.env, BENCH_CASE: name },
        encoding: 'utf8',
      });
      samples[name]?.push(JSON.parse(out.trim().split('\n').pop() as string).rate);
    }
  }
  const bare = median(samples.bare as number[]);
  printTable(
    `Events through executeRun, ${fmt(DELTAS)} deltas (median of ${ROUNDS} rounds, each case in a fresh process after a warm-up run)`,
    ['case', 'events/s', 'ratio to bare loop'],
    Object.keys(CASES).map((name) => {
      const rate = median(samples[name] as number[]);
      return [NAMES[name] as string, fmt(rate), fmt(rate / bare, 2)];
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}
