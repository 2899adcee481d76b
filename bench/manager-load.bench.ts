// 10,000 runs over 1,000 sessions through one SessionManager with limits of 100 sessions and 50 runs
// (onLimit 'wait'): wall time, peak memory, and the measured maximum of concurrently executing runs,
// which must never exceed the limit. Baseline: the same runs executed one after another in the same
// process. Run: npm run bench:manager
import {
  type AdapterExecuteRequest,
  InMemorySessionStore,
  MockAdapter,
  type ProviderAdapter,
  SessionManager,
} from '../src/index.js';
import { fmt, printTable } from './lib/measure.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const RUNS_PER_SESSION = Number(process.env.BENCH_RUNS_PER_SESSION ?? 10);
const LIMITS = { maxParallelSessions: 100, maxParallelRuns: 50, onLimit: 'wait' as const };

// Counts how many executions overlap, independently of the manager's own bookkeeping.
function counting(inner: ProviderAdapter) {
  const stats = { active: 0, max: 0 };
  const adapter: ProviderAdapter = {
    specificationVersion: 'v1',
    name: inner.name,
    capabilities: () => inner.capabilities(),
    async execute(request: AdapterExecuteRequest) {
      stats.active++;
      stats.max = Math.max(stats.max, stats.active);
      try {
        return await inner.execute(request);
      } finally {
        stats.active--;
      }
    },
  };
  return { adapter, stats };
}

async function load(parallel: boolean) {
  const { adapter, stats } = counting(new MockAdapter({ latencyMs: 1, chunkSize: 16 }));
  const manager = new SessionManager({
    store: new InMemorySessionStore(),
    adapter,
    limits: parallel ? LIMITS : { ...LIMITS, maxParallelRuns: 1, maxParallelSessions: 1 },
    telemetry: false,
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const start = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: SESSIONS }, (_, i) => manager.startSession({ agentId: `agent-${i}` })),
  );
  let completed = 0;
  await Promise.all(
    sessions.map(async (session) => {
      for (let r = 0; r < RUNS_PER_SESSION; r++) {
        const run = await manager.startRun(session.id, `task ${r} of ${session.agentId}`);
        const result = await manager.executeRun(run.id);
        if (result.status === 'completed') completed++;
      }
    }),
  );
  const ms = performance.now() - start;
  clearInterval(sampler);
  const limiter = manager.limits();
  await manager.close();
  return { ms, peakRss, completed, maxRuns: stats.max, limiter };
}

const total = SESSIONS * RUNS_PER_SESSION;
const serial = await load(false);
const parallel = await load(true);
for (const r of [serial, parallel]) {
  if (r.completed !== total) throw new Error(`only ${r.completed} of ${total} runs completed`);
}
if (parallel.maxRuns > LIMITS.maxParallelRuns) throw new Error('run limit exceeded');
printTable(
  `${fmt(total)} runs over ${fmt(SESSIONS)} sessions (MockAdapter, 1 ms between chunks)`,
  [
    'case',
    'wall s',
    'runs/s',
    'speed-up vs one at a time',
    'peak RSS MiB',
    'max concurrent runs (measured)',
    'limiter peak sessions',
  ],
  [serial, parallel].map((r, i) => [
    i === 0 ? 'one run at a time (limits 1/1)' : 'limits 100 sessions / 50 runs, wait',
    fmt(r.ms / 1000, 2),
    fmt((total / r.ms) * 1000),
    fmt(serial.ms / r.ms, 1),
    fmt(r.peakRss / 2 ** 20),
    fmt(r.maxRuns),
    fmt(r.limiter.peakSessions),
  ]),
);
