// An N-turn conversation through SessionManager on a SQLite file, against raw better-sqlite3
// appending the same events in one transaction per turn, in the same run. Each turn: a 150-character
// prompt, 16 streamed chunks of a 400-character answer, the answer, a tool call and its result,
// usage (plus the run_started / message_sent / run_completed rows the manager writes).
// Then where a turn's time goes: store calls, SQL statements and (with --cpu-prof) a CPU profile.
//
// Run: npm run bench:conversation [-- --quick | --turns 1000,5000 --rounds 3 --json --cpu-prof]
// (--transcript: the adapter also asks for the earlier turns, as one without native resume;
// --warmup N: turns of the warm-up conversation in each process, default 2,000, 200 with --quick)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport, printReport } from './lib/conversation-report.js';
import {
  type ConversationCase,
  DEFAULT_WARMUP_TURNS,
  type Instruments,
  type Measurement,
  measureConversation,
} from './lib/conversation-runs.js';

const CASES: readonly ConversationCase[] = ['manager', 'raw'];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    turns: { type: 'string' },
    rounds: { type: 'string' },
    json: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    // The adapter asks for the transcript of earlier turns (default: native resume only).
    transcript: { type: 'boolean', default: false },
    // Turns of the warm-up conversation each process runs before the measured one.
    warmup: { type: 'string' },
    // Used by the parent to run one case in a child process.
    case: { type: 'string' },
    count: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});

/** Measure one case in a fresh process, so one case's heap and JIT state do not touch another. */
function inChild(which: ConversationCase, turns: number, using: Partial<Instruments> = {}) {
  const flags = [...(using.count ? ['--count'] : []), ...(using.profile ? ['--profile'] : [])];
  // Source maps let the profile name TypeScript lines.
  const node = using.profile ? ['--enable-source-maps', ...process.execArgv] : process.execArgv;
  const mode = [...(args.transcript ? ['--transcript'] : []), '--warmup', `${warmupTurns()}`];
  const script = [
    process.argv[1] as string,
    ...['--case', which, '--turns', `${turns}`],
    ...flags,
    ...mode,
  ];
  const child = spawnSync(process.execPath, [...node, ...script], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`the ${which} case (${turns} turns) failed:\n${child.stderr || child.error}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as Measurement;
}

function warmupTurns(): number {
  if (args.warmup !== undefined) return nonNegativeInteger(args.warmup, '--warmup');
  return args.quick ? 200 : DEFAULT_WARMUP_TURNS;
}

function nonNegativeInteger(value: string, option: string): number {
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < 0) {
    throw new Error(`${option}: expected a whole number`);
  }
  return n;
}

function positiveInteger(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option}: expected a positive integer`);
  return n;
}

async function main(dir: string): Promise<void> {
  if (args.case !== undefined) {
    const which = args.case as ConversationCase;
    if (!CASES.includes(which)) throw new Error(`unknown --case ${which}`);
    const turns = positiveInteger(args.turns ?? '', '--turns');
    const using = { count: args.count === true, profile: args.profile === true };
    const mode = { transcript: args.transcript === true };
    const m = await measureConversation(which, turns, dir, using, mode, warmupTurns());
    console.log(JSON.stringify(m));
    return;
  }
  const sizes = (args.turns ?? (args.quick ? '100,200' : '1000,5000'))
    .split(',')
    .map((s) => positiveInteger(s, '--turns'));
  const rounds = positiveInteger(args.rounds ?? (args.quick ? '1' : '3'), '--rounds');

  const results: Measurement[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const turns of sizes) {
      // Alternate the order, so neither case always runs on the warmer (or busier) machine.
      const order = round % 2 === 0 ? CASES : [...CASES].reverse();
      for (const which of order) results.push(inChild(which, turns));
    }
  }
  // Where a turn's time goes, at the smallest size: separate runs, so counting costs no figure above.
  const turns = sizes[0] as number;
  const counted = {
    manager: inChild('manager', turns, { count: true }),
    raw: inChild('raw', turns, { count: true }),
  };
  const profiled = args['cpu-prof'] ? inChild('manager', turns, { profile: true }) : null;

  const adapter = args.transcript ? 'transcript' : 'native-resume';
  const report = buildReport(rounds, sizes, results, counted, profiled, adapter, warmupTurns());
  printReport(report);
  if (args.json) console.log(JSON.stringify(report));
}

const dir = mkdtempSync(join(tmpdir(), 'asm-bench-conversation-'));
try {
  await main(dir);
} catch (error) {
  // A child prints its stack; the parent passes on what the child printed.
  const detail = args.case === undefined ? (error as Error).message : (error as Error).stack;
  console.error(error instanceof Error ? detail : error);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
