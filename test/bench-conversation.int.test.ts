import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Smoke test of the conversation benchmark: it runs end to end in its smallest size and reports
// every figure it promises. Speeds are never asserted here; they belong to the benchmark's output.
const ROOT = resolve(import.meta.dirname, '..');

interface CaseFigures {
  perTurnMs: { median: number; min: number; max: number };
  firstMs: number;
  lastMs: number;
  lastOverFirst: number;
  p50Ms: number;
  firstP50Ms: number;
  lastP50Ms: number;
  lastOverFirstP50: number;
  bytes: number;
  writtenPerTurn: number | null;
  eventsPerTurn: number;
}

interface Breakdown {
  turns: number;
  turnMs: number;
  phases: { startRunMs: number; executeRunMs: number } | null;
  callsPerTurn: number;
  methods: Record<string, { callsPerTurn: number; msPerTurn: number }>;
}

interface Report {
  rounds: number;
  adapter: string;
  warmupTurns: number;
  sizes: {
    turns: number;
    window: number;
    managerOverRaw: number;
    managerOverRawP50: number;
    manager: CaseFigures;
    raw: CaseFigures;
  }[];
  storeCalls: Breakdown;
  sql: { manager: Breakdown; raw: Breakdown };
  profile: {
    sampledMs: number;
    functions: { name: string; selfShare: number; totalShare: number }[];
    files: { name: string; selfShare: number; totalShare: number }[];
    areas: { name: string; selfShare: number; totalShare: number }[];
  } | null;
}

const positive = (x: number) => Number.isFinite(x) && x > 0;

function expectCaseFigures(figures: CaseFigures, turns: number): void {
  expect(positive(figures.perTurnMs.median)).toBe(true);
  expect(figures.perTurnMs.min).toBeLessThanOrEqual(figures.perTurnMs.median);
  expect(figures.perTurnMs.max).toBeGreaterThanOrEqual(figures.perTurnMs.median);
  expect(positive(figures.firstMs) && positive(figures.lastMs)).toBe(true);
  expect(figures.lastOverFirst).toBeCloseTo(figures.lastMs / figures.firstMs, 5);
  expect(positive(figures.p50Ms) && positive(figures.firstP50Ms)).toBe(true);
  expect(figures.lastOverFirstP50).toBeCloseTo(figures.lastP50Ms / figures.firstP50Ms, 5);
  expect(positive(figures.bytes)).toBe(true);
  // Linux reports what the process wrote: at least every byte of the file, once.
  if (process.platform === 'linux') {
    expect(figures.writtenPerTurn ?? 0).toBeGreaterThanOrEqual(figures.bytes / turns);
  }
  // run_started, message_sent, 16 deltas, the answer, the tool call and result, usage, run_completed.
  expect(figures.eventsPerTurn).toBe(23);
}

describe('conversation benchmark (--quick)', () => {
  it('reports time per turn, ratios, flatness, bytes, store calls and a CPU profile', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/conversation.bench.ts', '--quick', '--json', '--cpu-prof'],
      { cwd: ROOT, encoding: 'utf8', timeout: 170_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const lines = child.stdout.trim().split('\n');
    for (const title of [
      '### Conversation: time per turn',
      '### Conversation: manager ÷ raw',
      '### Manager turn by call',
      '### Store calls per turn, manager',
      '### SQL statements per turn, manager',
      '### SQL statements per turn, raw',
      '### CPU profile of',
      '### CPU profile: self time by area',
      '### CPU profile: by file',
    ]) {
      expect(lines.some((line) => line.startsWith(title))).toBe(true);
    }

    const report = JSON.parse(lines.at(-1) as string) as Report;
    expect(report.rounds).toBe(1);
    expect(report.adapter).toBe('native-resume');
    expect(report.warmupTurns).toBe(200);
    expect(report.sizes.map((s) => s.turns)).toEqual([100, 200]);
    for (const size of report.sizes) {
      expect(size.window).toBe(size.turns / 4);
      expectCaseFigures(size.manager, size.turns);
      expectCaseFigures(size.raw, size.turns);
      expect(size.managerOverRaw).toBeCloseTo(
        size.manager.perTurnMs.median / size.raw.perTurnMs.median,
        5,
      );
      expect(size.managerOverRawP50).toBeCloseTo(size.manager.p50Ms / size.raw.p50Ms, 5);
      // The manager's file also holds the session and its runs.
      expect(size.manager.bytes).toBeGreaterThan(size.raw.bytes);
    }

    const calls = report.storeCalls;
    expect(calls.turns).toBe(100);
    expect(positive(calls.turnMs)).toBe(true);
    const phases = calls.phases;
    expect(positive(phases?.startRunMs ?? 0) && positive(phases?.executeRunMs ?? 0)).toBe(true);
    expect((phases?.startRunMs ?? 0) + (phases?.executeRunMs ?? 0)).toBeCloseTo(calls.turnMs, 5);
    const methods = Object.values(calls.methods);
    expect(calls.callsPerTurn).toBeCloseTo(
      methods.reduce((sum, m) => sum + m.callsPerTurn, 0),
      5,
    );
    // Every turn writes its events: through appendEvents or commit.
    const writes =
      (calls.methods.appendEvents?.callsPerTurn ?? 0) + (calls.methods.commit?.callsPerTurn ?? 0);
    expect(writes).toBeGreaterThanOrEqual(1);
    for (const m of methods) expect(m.msPerTurn).toBeGreaterThanOrEqual(0);

    // Raw: the 23 inserts of a turn in one transaction; the manager runs at least as many.
    const raw = report.sql.raw;
    expect(raw.turns).toBe(100);
    const rawInserts = Object.entries(raw.methods).filter(([sql]) =>
      sql.startsWith('run INSERT INTO events'),
    );
    expect(rawInserts.map(([, t]) => t.callsPerTurn)).toEqual([23]);
    expect(report.sql.manager.callsPerTurn).toBeGreaterThanOrEqual(23);

    const profile = report.profile;
    expect(profile).not.toBeNull();
    expect(positive(profile?.sampledMs ?? 0)).toBe(true);
    expect(profile?.functions.length).toBeGreaterThan(0);
    // Frames are mapped back to TypeScript source lines of the project.
    expect(profile?.functions.some((f) => /^\S+ src\/\S+\.ts:\d+$/.test(f.name))).toBe(true);
    expect(profile?.files.some((f) => f.name.startsWith('src/stores/sqlite/'))).toBe(true);
    expect(profile?.areas.length).toBeGreaterThan(0);
    // The manager is on the stack of every store call, so it always has total time (its own self
    // time is small enough that a short profile may sample none of it).
    expect(profile?.files.some((f) => f.name.startsWith('src/manager/') && f.totalShare > 0)).toBe(
      true,
    );
    const entries = [profile?.functions, profile?.files, profile?.areas].flatMap((e) => e ?? []);
    for (const entry of entries) {
      expect(entry.selfShare).toBeGreaterThanOrEqual(0);
      expect(entry.totalShare).toBeGreaterThanOrEqual(entry.selfShare - 1e-9);
      expect(entry.totalShare).toBeLessThanOrEqual(1 + 1e-9);
    }
  }, 180_000);
});
