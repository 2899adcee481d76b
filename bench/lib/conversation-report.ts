import type { ConversationCase, Measurement } from './conversation-runs.js';
import { windowOf } from './conversation-runs.js';
import type { MethodTally } from './counting-store.js';
import type { ProfileSummary } from './cpu-profile.js';
import { fmt, median, printTable } from './measure.js';

/** One case's figures over the rounds at one size. */
export interface CaseFigures {
  /** Time per turn (total ÷ turns): median, min and max over the rounds. */
  readonly perTurnMs: { median: number; min: number; max: number };
  /** Medians over the rounds of the mean time of the first and of the last turns. */
  readonly firstMs: number;
  readonly lastMs: number;
  /** Median over the rounds of lastMs ÷ firstMs (1 is flat). */
  readonly lastOverFirst: number;
  /** Medians over the rounds of each run's median turn, and of its first and last turns. */
  readonly p50Ms: number;
  readonly firstP50Ms: number;
  readonly lastP50Ms: number;
  /** Median over the rounds of lastP50Ms ÷ firstP50Ms. */
  readonly lastOverFirstP50: number;
  readonly bytes: number;
  /** Median over the rounds of the bytes written per turn (null where not measurable). */
  readonly writtenPerTurn: number | null;
  readonly eventsPerTurn: number;
}

/** A tally divided by the number of turns. */
export interface PerTurn {
  readonly callsPerTurn: number;
  readonly msPerTurn: number;
}

/** Where the time of one case's turns went. */
export interface Breakdown {
  readonly turns: number;
  readonly turnMs: number;
  /** Mean time of `startRun` and of `executeRun` (manager). */
  readonly phases: { startRunMs: number; executeRunMs: number } | null;
  readonly callsPerTurn: number;
  readonly methods: Record<string, PerTurn>;
}

/** What the benchmark reports (printed as tables; `--json` also prints it as one line). */
export interface ConversationReport {
  readonly rounds: number;
  /** How the manager's adapter continues the conversation. */
  readonly adapter: 'native-resume' | 'transcript';
  /** Turns of the warm-up conversation each process ran before the measured one. */
  readonly warmupTurns: number;
  readonly sizes: readonly {
    readonly turns: number;
    readonly window: number;
    /** Ratio of the medians over the rounds of the time per turn (total ÷ turns). */
    readonly managerOverRaw: number;
    /** Ratio of the medians over the rounds of the median turn. */
    readonly managerOverRawP50: number;
    readonly manager: CaseFigures;
    readonly raw: CaseFigures;
  }[];
  /** Store calls of the manager's turns, by store method. */
  readonly storeCalls: Breakdown;
  /** SQL statements of each case's turns, by statement method and SQL text. */
  readonly sql: { readonly manager: Breakdown; readonly raw: Breakdown };
  readonly profile: {
    readonly turns: number;
    readonly sampledMs: number;
    readonly functions: readonly ProfileShare[];
    readonly files: readonly ProfileShare[];
    readonly areas: readonly ProfileShare[];
  } | null;
}

/** Shares of the sampled CPU time. */
export interface ProfileShare {
  readonly name: string;
  readonly selfShare: number;
  readonly totalShare: number;
}

function figures(results: readonly Measurement[], which: ConversationCase): CaseFigures {
  const mine = results.filter((m) => m.case === which);
  const perTurn = mine.map((m) => m.perTurnMs);
  return {
    perTurnMs: { median: median(perTurn), min: Math.min(...perTurn), max: Math.max(...perTurn) },
    firstMs: median(mine.map((m) => m.firstMs)),
    lastMs: median(mine.map((m) => m.lastMs)),
    lastOverFirst: median(mine.map((m) => m.lastMs / m.firstMs)),
    p50Ms: median(mine.map((m) => m.p50Ms)),
    firstP50Ms: median(mine.map((m) => m.firstP50Ms)),
    lastP50Ms: median(mine.map((m) => m.lastP50Ms)),
    lastOverFirstP50: median(mine.map((m) => m.lastP50Ms / m.firstP50Ms)),
    bytes: median(mine.map((m) => m.bytes)),
    writtenPerTurn: mine.some((m) => m.writtenPerTurn === null)
      ? null
      : median(mine.map((m) => m.writtenPerTurn as number)),
    eventsPerTurn: (mine[0]?.events ?? 0) / (mine[0]?.turns ?? 1),
  };
}

function breakdown(m: Measurement, tally: Record<string, MethodTally> | undefined): Breakdown {
  const entries = Object.entries(tally ?? {});
  return {
    turns: m.turns,
    turnMs: m.perTurnMs,
    phases: m.phases ?? null,
    callsPerTurn: entries.reduce((sum, [, t]) => sum + t.calls, 0) / m.turns,
    methods: Object.fromEntries(
      entries.map(([name, t]) => [
        name,
        { callsPerTurn: t.calls / m.turns, msPerTurn: t.ms / m.turns },
      ]),
    ),
  };
}

function shares(
  entries: ProfileSummary['functions'],
  sampledUs: number,
  top: number,
): ProfileShare[] {
  return entries.slice(0, top).map((e) => ({
    name: e.name,
    selfShare: e.selfUs / sampledUs,
    totalShare: e.totalUs / sampledUs,
  }));
}

/**
 * The report from the timed rounds (`results`), the counted runs of both cases and, when taken,
 * the profiled manager run.
 */
export function buildReport(
  rounds: number,
  sizes: readonly number[],
  results: readonly Measurement[],
  counted: { manager: Measurement; raw: Measurement },
  profiled: Measurement | null,
  adapter: ConversationReport['adapter'],
  warmupTurns: number,
): ConversationReport {
  const profile = profiled?.profile;
  return {
    rounds,
    adapter,
    warmupTurns,
    sizes: sizes.map((turns) => {
      const these = results.filter((m) => m.turns === turns);
      const manager = figures(these, 'manager');
      const raw = figures(these, 'raw');
      return {
        turns,
        window: windowOf(turns),
        managerOverRaw: manager.perTurnMs.median / raw.perTurnMs.median,
        managerOverRawP50: manager.p50Ms / raw.p50Ms,
        manager,
        raw,
      };
    }),
    storeCalls: breakdown(counted.manager, counted.manager.storeCalls),
    sql: {
      manager: breakdown(counted.manager, counted.manager.sql),
      raw: breakdown(counted.raw, counted.raw.sql),
    },
    profile:
      profiled === null || profile === undefined
        ? null
        : {
            turns: profiled.turns,
            sampledMs: profile.sampledUs / 1000,
            functions: shares(profile.functions, profile.sampledUs, 25),
            files: shares(profile.files, profile.sampledUs, 15),
            areas: shares(profile.areas, profile.sampledUs, 15),
          },
  };
}

const pct = (x: number) => `${fmt(x * 100, 1)}%`;
const ms = (x: number) => fmt(x, 3);

function printBreakdown(title: string, what: string, b: Breakdown, top = Infinity): void {
  const rows = Object.entries(b.methods).sort((x, y) => y[1].msPerTurn - x[1].msPerTurn);
  const inAll = rows.reduce((sum, [, t]) => sum + t.msPerTurn, 0);
  printTable(
    `${title} (${fmt(b.turns)} turns, ${ms(b.turnMs)} ms a turn; ${fmt(b.callsPerTurn, 2)} calls taking ${ms(inAll)} ms a turn)`,
    [what, 'calls/turn', 'ms/turn', 'share of the turn'],
    rows
      .slice(0, top)
      .map(([name, t]) => [
        `\`${name}\``,
        fmt(t.callsPerTurn, 2),
        ms(t.msPerTurn),
        pct(t.msPerTurn / b.turnMs),
      ]),
  );
}

/** Print the report as Markdown tables. */
export function printReport(report: ConversationReport): void {
  const w = report.sizes[0]?.window ?? 0;
  printTable(
    `Conversation: time per turn (adapter: ${report.adapter}; median of ${report.rounds} round(s), each case in a fresh process after a ${fmt(report.warmupTurns)}-turn warm-up; first/last: ${fmt(w)} turns)`,
    [
      'turns',
      'case',
      'ms/turn',
      'min',
      'max',
      'median turn (ms)',
      'first turns: mean / median',
      'last turns: mean / median',
      'events/turn',
      'MB on disk',
      'KB written/turn',
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
          ms(s.p50Ms),
          `${ms(s.firstMs)} / ${ms(s.firstP50Ms)}`,
          `${ms(s.lastMs)} / ${ms(s.lastP50Ms)}`,
          fmt(s.eventsPerTurn, 1),
          fmt(s.bytes / 1e6, 2),
          s.writtenPerTurn === null ? 'n/a' : fmt(s.writtenPerTurn / 1024, 1),
        ];
      }),
    ),
  );
  printTable(
    'Conversation: manager ÷ raw (target ≤ 2) and flatness, last ÷ first turns (target ≤ 1.2)',
    [
      'turns',
      'manager ÷ raw: ms/turn',
      'manager ÷ raw: median turn',
      'manager last ÷ first: mean / median',
      'raw last ÷ first: mean / median',
    ],
    report.sizes.map((size) => [
      fmt(size.turns),
      fmt(size.managerOverRaw, 2),
      fmt(size.managerOverRawP50, 2),
      `${fmt(size.manager.lastOverFirst, 2)} / ${fmt(size.manager.lastOverFirstP50, 2)}`,
      `${fmt(size.raw.lastOverFirst, 2)} / ${fmt(size.raw.lastOverFirstP50, 2)}`,
    ]),
  );
  const phases = report.storeCalls.phases;
  if (phases !== null) {
    const share = (x: number) => pct(x / report.storeCalls.turnMs);
    printTable(
      `Manager turn by call (${fmt(report.storeCalls.turns)} turns, the counted run)`,
      ['call', 'ms/turn', 'share of the turn'],
      [
        ['`startRun`', ms(phases.startRunMs), share(phases.startRunMs)],
        ['`executeRun`', ms(phases.executeRunMs), share(phases.executeRunMs)],
      ],
    );
  }
  printBreakdown(
    'Store calls per turn, manager (time until each promise settled)',
    'store method',
    report.storeCalls,
  );
  printBreakdown('SQL statements per turn, manager', 'statement', report.sql.manager, 15);
  printBreakdown('SQL statements per turn, raw', 'statement', report.sql.raw, 15);
  const profile = report.profile;
  if (profile === null) return;
  printTable(
    `CPU profile of ${fmt(profile.turns)} manager turns after a warm-up: top functions by self time (${fmt(profile.sampledMs)} ms sampled)`,
    ['function', 'self', 'total'],
    profile.functions.map((e) => [e.name, pct(e.selfShare), pct(e.totalShare)]),
  );
  printTable(
    'CPU profile: self time by area (directory; native functions by name)',
    ['area', 'self'],
    profile.areas.map((e) => [e.name, pct(e.selfShare)]),
  );
  printTable(
    'CPU profile: by file',
    ['file', 'self', 'total'],
    profile.files.map((e) => [e.name, pct(e.selfShare), pct(e.totalShare)]),
  );
}
