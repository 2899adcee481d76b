// An N-turn conversation through SessionManager on a SQLite file, against raw better-sqlite3
// appending the same events in one transaction per turn, in the same run. Each turn: a 150-character
// prompt, 16 streamed chunks of a 400-character answer, the answer, a tool call and its result,
// usage (plus the run_started / message_sent / run_completed rows the manager writes).
//
// Run: npm run bench:conversation [-- --quick] [-- --turns 1000,5000 --rounds 3 --json --cpu-prof]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { newId, nowIso, SessionManager } from '../src/index.js';
import { SqliteSessionStore } from '../src/sqlite.js';
import {
  PROVIDER,
  promptOf,
  providerSessionIdOf,
  ScriptedTurnAdapter,
  turnScript,
  usageOfTurn,
} from './lib/conversation.js';
import { CountingStore, type MethodTally } from './lib/counting-store.js';
import { type ProfileSummary, startCpuProfile, summariseCpuProfile } from './lib/cpu-profile.js';
import { fmt, mean, median, printTable, sqliteBytesOnDisk } from './lib/measure.js';
import { type EventRowFields, RawEventTable } from './lib/raw-sqlite.js';

const CASES = ['manager', 'raw'] as const;
type Case = (typeof CASES)[number] | 'counted';

/** What one measured conversation reports (a child process prints it as its last line). */
interface Measurement {
  case: Case;
  turns: number;
  /** Turns averaged for `firstMs` and `lastMs`. */
  window: number;
  totalMs: number;
  perTurnMs: number;
  /** Mean time of the first and of the last `window` turns. */
  firstMs: number;
  lastMs: number;
  events: number;
  bytes: number;
  /** Store calls of the measured turns, by method (`counted` only). */
  storeCalls?: Record<string, MethodTally>;
  /** Where the CPU time of the measured turns went (`--profile` only). */
  profile?: ProfileSummary;
}

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    turns: { type: 'string' },
    rounds: { type: 'string' },
    json: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    case: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});

const windowOf = (turns: number) => Math.max(1, Math.min(100, Math.floor(turns / 4)));
const WARMUP_TURNS = 100;

/** The events of runs in a database file (the session's own events are not part of a turn). */
function countRunEvents(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM events WHERE run_id IS NOT NULL').get();
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Run `turns` turns of the conversation through the manager; `count` wraps the store, `profile`
 * samples the CPU during the turns.
 */
async function managerConversation(path: string, turns: number, count: boolean, profile: boolean) {
  const sqlite = new SqliteSessionStore({ path });
  const counting = count ? new CountingStore(sqlite) : null;
  const manager = new SessionManager({
    store: counting?.store ?? sqlite,
    adapter: new ScriptedTurnAdapter(),
    telemetry: false,
  });
  const session = await manager.startSession({ agentId: 'bench' });
  counting?.reset();
  const times = new Array<number>(turns);
  const profiler = profile ? await startCpuProfile() : null;
  for (let turn = 1; turn <= turns; turn++) {
    const start = performance.now();
    const run = await manager.startRun(session.id, promptOf(turn));
    const result = await manager.executeRun(run.id);
    times[turn - 1] = performance.now() - start;
    if (result.status !== 'completed') throw new Error(`turn ${turn} ended ${result.status}`);
  }
  const cpu = await profiler?.stop();
  const storeCalls = counting?.snapshot();
  await manager.close();
  await sqlite.close();
  const events = countRunEvents(path);
  const root = resolve(import.meta.dirname, '..');
  return { times, events, storeCalls, profile: cpu && summariseCpuProfile(cpu, root) };
}

/** The same events as the manager stores, appended with plain better-sqlite3, a transaction a turn. */
function rawConversation(path: string, turns: number) {
  const table = new RawEventTable(path);
  const sessionId = newId('ses');
  const providerSessionId = providerSessionIdOf(sessionId);
  const times = new Array<number>(turns);
  let events = 0;
  for (let turn = 1; turn <= turns; turn++) {
    const start = performance.now();
    const runId = newId('run');
    const row = (type: string, data: unknown): EventRowFields => ({
      sessionId,
      id: newId('evt'),
      type,
      runId,
      timestamp: nowIso(),
      provider: PROVIDER,
      data,
      metadata: {},
    });
    const rows = [
      row('run_started', { provider: PROVIDER, model: 'scripted-model', providerSessionId }),
      row('message_sent', { role: 'user', content: promptOf(turn) }),
    ];
    for (const event of turnScript(turn).events) rows.push(row(event.type, event.data));
    rows.push(
      row('run_completed', { stopReason: 'end_turn', tokenUsage: usageOfTurn(), costUsd: null }),
    );
    table.append(rows);
    events += rows.length;
    times[turn - 1] = performance.now() - start;
  }
  table.close();
  return { times, events };
}

/** One case in this process: a warm-up conversation on its own file, then the measured one. */
async function measure(
  which: Case,
  turns: number,
  dir: string,
  profile: boolean,
): Promise<Measurement> {
  const run = (path: string, n: number, sample: boolean) =>
    which === 'raw'
      ? rawConversation(path, n)
      : managerConversation(path, n, which === 'counted', sample);
  await run(join(dir, `warmup-${which}.db`), Math.min(WARMUP_TURNS, turns), false);
  const path = join(dir, `${which}-${turns}.db`);
  const { times, events, ...rest } = await run(path, turns, profile);
  const window = windowOf(turns);
  const totalMs = times.reduce((a, b) => a + b, 0);
  const out: Measurement = {
    case: which,
    turns,
    window,
    totalMs,
    perTurnMs: totalMs / turns,
    firstMs: mean(times.slice(0, window)),
    lastMs: mean(times.slice(-window)),
    events,
    bytes: sqliteBytesOnDisk(path),
  };
  if ('storeCalls' in rest && rest.storeCalls) out.storeCalls = rest.storeCalls;
  if ('profile' in rest && rest.profile) out.profile = rest.profile;
  return out;
}

/** Measure one case in a fresh process (so one case's heap and JIT state do not touch another). */
function inChild(which: Case, turns: number, profile = false): Measurement {
  const script = [process.argv[1] as string, '--case', which, '--turns', `${turns}`];
  const node = profile ? ['--enable-source-maps', ...process.execArgv] : process.execArgv;
  const child = spawnSync(
    process.execPath,
    [...node, ...script, ...(profile ? ['--profile'] : [])],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) {
    throw new Error(`the ${which} case (${turns} turns) failed:\n${child.stderr || child.error}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as Measurement;
}

function spread(samples: readonly number[]) {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

function summarise(results: readonly Measurement[], which: Case) {
  const mine = results.filter((m) => m.case === which);
  return {
    perTurnMs: spread(mine.map((m) => m.perTurnMs)),
    firstMs: median(mine.map((m) => m.firstMs)),
    lastMs: median(mine.map((m) => m.lastMs)),
    /** Median over rounds of (mean of the last window) ÷ (mean of the first window). */
    lastOverFirst: median(mine.map((m) => m.lastMs / m.firstMs)),
    bytes: median(mine.map((m) => m.bytes)),
    eventsPerTurn: (mine[0]?.events ?? 0) / (mine[0]?.turns ?? 1),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'asm-bench-conversation-'));
  try {
    if (args.case !== undefined) {
      const which = args.case as Case;
      if (!['manager', 'raw', 'counted'].includes(which))
        throw new Error(`unknown --case ${which}`);
      const m = await measure(which, Number(args.turns), dir, args.profile === true);
      console.log(JSON.stringify(m));
      return;
    }
    const sizes = (args.turns ?? (args.quick ? '100,200' : '1000,5000'))
      .split(',')
      .map((s) => Number(s));
    if (sizes.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error('--turns: positive integers');
    const rounds = Number(args.rounds ?? (args.quick ? 1 : 3));
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds: a positive integer');

    const results: Measurement[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const turns of sizes) {
        // Alternate the order, so neither case always runs on the warmer (or busier) machine.
        const order = round % 2 === 0 ? CASES : [...CASES].reverse();
        for (const which of order) results.push(inChild(which, turns));
      }
    }

    // Where a turn's time goes: store calls of each method, and (optionally) a CPU profile.
    const profileTurns = sizes[0] as number;
    const counted = inChild('counted', profileTurns);
    const profile = args['cpu-prof']
      ? (inChild('manager', profileTurns, true).profile ?? null)
      : null;

    const report = {
      rounds,
      sizes: sizes.map((turns) => {
        const these = results.filter((m) => m.turns === turns);
        const manager = summarise(these, 'manager');
        const raw = summarise(these, 'raw');
        return {
          turns,
          window: windowOf(turns),
          manager,
          raw,
          managerOverRaw: manager.perTurnMs.median / raw.perTurnMs.median,
        };
      }),
      storeCalls: {
        turns: profileTurns,
        turnMs: counted.perTurnMs,
        callsPerTurn:
          Object.values(counted.storeCalls ?? {}).reduce((a, t) => a + t.calls, 0) / profileTurns,
        methods: Object.fromEntries(
          Object.entries(counted.storeCalls ?? {}).map(([name, t]) => [
            name,
            { callsPerTurn: t.calls / profileTurns, msPerTurn: t.ms / profileTurns },
          ]),
        ),
      },
      profile:
        profile === null
          ? null
          : {
              turns: profileTurns,
              sampledMs: profile.sampledUs / 1000,
              functions: profile.functions.slice(0, 25).map((e) => ({
                name: e.name,
                selfShare: e.selfUs / profile.sampledUs,
                totalShare: e.totalUs / profile.sampledUs,
              })),
              files: profile.files.slice(0, 15).map((e) => ({
                name: e.name,
                selfShare: e.selfUs / profile.sampledUs,
                totalShare: e.totalUs / profile.sampledUs,
              })),
            },
    };
    print(report);
    if (args.json) console.log(JSON.stringify(report));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Report = {
  rounds: number;
  sizes: {
    turns: number;
    window: number;
    managerOverRaw: number;
    manager: ReturnType<typeof summarise>;
    raw: ReturnType<typeof summarise>;
  }[];
  storeCalls: {
    turns: number;
    turnMs: number;
    callsPerTurn: number;
    methods: Record<string, { callsPerTurn: number; msPerTurn: number }>;
  };
  profile: {
    turns: number;
    sampledMs: number;
    functions: { name: string; selfShare: number; totalShare: number }[];
    files: { name: string; selfShare: number; totalShare: number }[];
  } | null;
};

function print(report: Report): void {
  const pct = (x: number) => `${fmt(x * 100, 1)}%`;
  const ms = (x: number) => fmt(x, 3);
  const mb = (bytes: number) => fmt(bytes / 1e6, 2);
  printTable(
    `Conversation: time per turn (median of ${report.rounds} round(s), each case in a fresh process after a warm-up)`,
    [
      'turns',
      'case',
      'ms/turn',
      'min',
      'max',
      'first turns (ms)',
      'last turns (ms)',
      'last ÷ first',
      'events/turn',
      'MB on disk',
    ],
    report.sizes.flatMap((size) =>
      (['manager', 'raw'] as const).map((which) => {
        const s = size[which];
        return [
          fmt(size.turns),
          which === 'manager'
            ? 'SessionManager + SqliteSessionStore'
            : 'raw better-sqlite3, 1 tx/turn',
          ms(s.perTurnMs.median),
          ms(s.perTurnMs.min),
          ms(s.perTurnMs.max),
          ms(s.firstMs),
          ms(s.lastMs),
          fmt(s.lastOverFirst, 2),
          fmt(s.eventsPerTurn, 1),
          mb(s.bytes),
        ];
      }),
    ),
  );
  printTable(
    'Conversation: manager ÷ raw (target ≤ 2) and flatness (last ÷ first turns, target ≤ 1.2)',
    ['turns', 'window (turns)', 'manager ÷ raw', 'manager last ÷ first', 'raw last ÷ first'],
    report.sizes.map((size) => [
      fmt(size.turns),
      fmt(size.window),
      fmt(size.managerOverRaw, 2),
      fmt(size.manager.lastOverFirst, 2),
      fmt(size.raw.lastOverFirst, 2),
    ]),
  );
  const calls = report.storeCalls;
  printTable(
    `Store calls per turn (${fmt(calls.turns)} turns through a counting store; ${ms(calls.turnMs)} ms a turn, ${fmt(calls.callsPerTurn, 2)} calls)`,
    ['method', 'calls/turn', 'ms/turn (until settled)', 'share of the turn'],
    Object.entries(calls.methods)
      .sort((a, b) => b[1].msPerTurn - a[1].msPerTurn)
      .map(([name, t]) => [
        name,
        fmt(t.callsPerTurn, 2),
        ms(t.msPerTurn),
        pct(t.msPerTurn / calls.turnMs),
      ]),
  );
  const profile = report.profile;
  if (profile !== null) {
    printTable(
      `CPU profile of ${fmt(profile.turns)} manager turns after a warm-up: top functions by self time (${fmt(profile.sampledMs)} ms sampled)`,
      ['function', 'self', 'total'],
      profile.functions.map((e) => [e.name, pct(e.selfShare), pct(e.totalShare)]),
    );
    printTable(
      'CPU profile: by file',
      ['file', 'self', 'total'],
      profile.files.map((e) => [e.name, pct(e.selfShare), pct(e.totalShare)]),
    );
  }
}

try {
  await main();
} catch (error) {
  // A child reports its stack; the parent passes on the child's report.
  const detail = args.case === undefined ? (error as Error).message : (error as Error).stack;
  console.error(error instanceof Error ? detail : error);
  process.exitCode = 1;
}
