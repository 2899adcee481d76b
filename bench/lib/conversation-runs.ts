import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { newId, nowIso, SessionManager } from '../../src/index.js';
import { SqliteSessionStore } from '../../src/sqlite.js';
import {
  PROVIDER,
  promptOf,
  providerSessionIdOf,
  ScriptedTurnAdapter,
  turnScript,
  usageOfTurn,
} from './conversation.js';
import { CountingStore, type MethodTally } from './counting-store.js';
import { type ProfileSummary, startCpuProfile, summariseCpuProfile } from './cpu-profile.js';
import { mean, median, sqliteBytesOnDisk } from './measure.js';
import { type EventRowFields, RawEventTable } from './raw-sqlite.js';
import { timeSqlStatements } from './sql-timing.js';

/** The two ways the same conversation is written. */
export type ConversationCase = 'manager' | 'raw';

/** What to record besides the time of each turn. */
export interface Instruments {
  /** Count store calls (manager) and time every SQL statement (both cases). */
  readonly count: boolean;
  /** Sample the CPU during the measured turns (manager). */
  readonly profile: boolean;
}

/** How the manager's adapter continues the conversation. */
export interface AdapterMode {
  /** The adapter asks for the transcript of earlier turns (default: native resume only). */
  readonly transcript: boolean;
}

/**
 * Turns of the warm-up conversation. The optimising compiler takes its time with code that runs
 * once a turn: after 200 turns a turn still takes about 1.7× what it takes after 3,000.
 */
export const DEFAULT_WARMUP_TURNS = 2000;

/** What one measured conversation reports. */
export interface Measurement {
  readonly case: ConversationCase;
  readonly turns: number;
  /** Turns averaged for `firstMs` and `lastMs`. */
  readonly window: number;
  readonly totalMs: number;
  readonly perTurnMs: number;
  /** Mean time of the first and of the last `window` turns. */
  readonly firstMs: number;
  readonly lastMs: number;
  /**
   * Medians of the turns' times: of all of them, of the first and of the last `window`. On a
   * shared machine a turn preempted by another process costs its mean, hardly its median.
   */
  readonly p50Ms: number;
  readonly firstP50Ms: number;
  readonly lastP50Ms: number;
  /** Events of the turns in the file (the session's own events are not counted). */
  readonly events: number;
  readonly bytes: number;
  /**
   * Bytes this process wrote per turn (Linux `wchar`: WAL frames, checkpoints, the file itself),
   * from opening the file to closing it; null where `/proc/self/io` does not exist.
   */
  readonly writtenPerTurn: number | null;
  /** Mean time of each call of a turn (manager). */
  phases?: { startRunMs: number; executeRunMs: number };
  /** Store calls of the measured turns, by method (manager, with `count`). */
  storeCalls?: Record<string, MethodTally>;
  /** SQL statements executed during the measured turns, by method and SQL text (with `count`). */
  sql?: Record<string, MethodTally>;
  /** Where the CPU time of the measured turns went (manager, with `profile`). */
  profile?: ProfileSummary;
}

interface Conversation {
  times: number[];
  phases?: { startRunMs: number; executeRunMs: number };
  storeCalls?: Record<string, MethodTally>;
  sql?: Record<string, MethodTally>;
  profile?: ProfileSummary;
}

const NONE: Instruments = { count: false, profile: false };
const ROOT = resolve(import.meta.dirname, '..', '..');

/** Bytes written by this process so far (Linux), or null. */
function bytesWritten(): number | null {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** How many turns `firstMs` and `lastMs` average: 100, or a quarter of a shorter run. */
export function windowOf(turns: number): number {
  return Math.max(1, Math.min(100, Math.floor(turns / 4)));
}

function countRunEvents(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM events WHERE run_id IS NOT NULL').get();
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

/** `turns` turns through `SessionManager` (startRun + executeRun) on a `SqliteSessionStore` file. */
async function managerConversation(
  path: string,
  turns: number,
  using: Instruments,
  mode: AdapterMode,
): Promise<Conversation> {
  const sqlite = new SqliteSessionStore({ path });
  const counting = using.count ? new CountingStore(sqlite) : null;
  const manager = new SessionManager({
    store: counting?.store ?? sqlite,
    adapter: new ScriptedTurnAdapter({ needsTranscript: mode.transcript }),
    telemetry: false,
  });
  const session = await manager.startSession({ agentId: 'bench' });
  counting?.reset();
  const sql = using.count ? timeSqlStatements() : null;
  const profiler = using.profile ? await startCpuProfile() : null;
  const times = new Array<number>(turns);
  let startRunMs = 0;
  for (let turn = 1; turn <= turns; turn++) {
    const start = performance.now();
    const run = await manager.startRun(session.id, promptOf(turn));
    const started = performance.now();
    const result = await manager.executeRun(run.id);
    times[turn - 1] = performance.now() - start;
    startRunMs += started - start;
    if (result.status !== 'completed') throw new Error(`turn ${turn} ended ${result.status}`);
  }
  const totalMs = times.reduce((a, b) => a + b, 0);
  const cpu = await profiler?.stop();
  sql?.stop();
  await manager.close();
  await sqlite.close();
  const phases = { startRunMs: startRunMs / turns, executeRunMs: (totalMs - startRunMs) / turns };
  const out: Conversation = { times, phases };
  if (counting) out.storeCalls = counting.snapshot();
  if (sql) out.sql = sql.snapshot();
  if (cpu) out.profile = summariseCpuProfile(cpu, ROOT);
  return out;
}

/**
 * The same events as the manager stores (same types, payloads and sizes, `run_started`,
 * `message_sent` and `run_completed` included), appended with plain better-sqlite3 in one
 * transaction a turn. Building the rows (ids, timestamps, JSON) is part of each turn's time.
 */
function rawConversation(path: string, turns: number, using: Instruments): Conversation {
  const table = new RawEventTable(path);
  const sessionId = newId('ses');
  const providerSessionId = providerSessionIdOf(sessionId);
  const sql = using.count ? timeSqlStatements() : null;
  const times = new Array<number>(turns);
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
    times[turn - 1] = performance.now() - start;
  }
  sql?.stop();
  table.close();
  const out: Conversation = { times };
  if (sql) out.sql = sql.snapshot();
  return out;
}

/**
 * One case in this process: a warm-up conversation on its own file (so the measured turns run
 * compiled code), then the measured one in `dir`.
 */
export async function measureConversation(
  which: ConversationCase,
  turns: number,
  dir: string,
  using: Instruments,
  mode: AdapterMode,
  warmupTurns = DEFAULT_WARMUP_TURNS,
): Promise<Measurement> {
  const run = (path: string, n: number, instruments: Instruments) =>
    which === 'raw'
      ? rawConversation(path, n, instruments)
      : managerConversation(path, n, instruments, mode);
  if (warmupTurns > 0) await run(join(dir, `warmup-${which}.db`), warmupTurns, NONE);
  const path = join(dir, `${which}-${turns}.db`);
  const writtenBefore = bytesWritten();
  const { times, ...recorded } = await run(path, turns, using);
  const writtenAfter = bytesWritten();
  const window = windowOf(turns);
  const totalMs = times.reduce((a, b) => a + b, 0);
  const bytes = sqliteBytesOnDisk(path); // before a reader opens the file again
  return {
    case: which,
    turns,
    window,
    totalMs,
    perTurnMs: totalMs / turns,
    firstMs: mean(times.slice(0, window)),
    lastMs: mean(times.slice(-window)),
    p50Ms: median(times),
    firstP50Ms: median(times.slice(0, window)),
    lastP50Ms: median(times.slice(-window)),
    events: countRunEvents(path),
    bytes,
    writtenPerTurn:
      writtenBefore === null || writtenAfter === null
        ? null
        : (writtenAfter - writtenBefore) / turns,
    ...recorded,
  };
}
