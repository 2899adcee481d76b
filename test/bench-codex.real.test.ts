import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchTable, benchTables, expectBenchRows, tableNumber } from './support/bench-tables.js';

// Smoke test of the Codex adapter benchmark on the real CLI against the fake Responses API: it
// runs end to end in its smallest size and prints every table with every row. Speeds are never
// asserted.
const ROOT = resolve(import.meta.dirname, '..');

describe('Codex adapter benchmark (--quick)', () => {
  it('prints the overhead, cancel and translation tables with every row', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/codex-adapter.bench.ts', '--quick'],
      { cwd: ROOT, encoding: 'utf8', timeout: 110_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const all = benchTables(child.stdout);
    expect(all).toHaveLength(3);

    const overhead = benchTable(all, 'Codex one-reply runs');
    expectBenchRows(
      overhead,
      [
        'Codex SDK directly, runStreamed() iterated to its end',
        'Codex SDK directly, until turn.completed',
        'SessionManager + CodexAdapter, SqliteSessionStore (file)',
        'SessionManager + CodexAdapter, InMemorySessionStore',
      ],
      2,
    );
    // The baseline's ratio to itself.
    expect(overhead.rows[0]?.slice(4)).toEqual(['1.00', '1.00']);
    // turn.completed comes before the iterator ends.
    expect(tableNumber(overhead.rows[1]?.[3] as string)).toBeLessThanOrEqual(
      tableNumber(overhead.rows[0]?.[3] as string),
    );

    const cancel = benchTable(all, 'Cancel of a Codex run on a hanging reply');
    expectBenchRows(
      cancel,
      [
        'cancelRun() resolved',
        'run_cancelled stored (onEvent)',
        'no process with the CODEX_HOME left',
      ],
      1,
    );

    const translation = benchTable(all, 'Translation of the recorded streams');
    expect(translation.rows.map((row) => row[0])).toEqual([
      'JSON.parse of the lines',
      'CodexTurnTranslator (messages parsed before)',
      'JSON.parse + CodexTurnTranslator',
    ]);
    expect(translation.rows[0]?.at(-1)).toBe('1.00');
    for (const row of translation.rows) {
      expect(tableNumber(row[1] as string)).toBeGreaterThan(0);
      expect(tableNumber(row[2] as string)).toBeGreaterThan(0);
    }
    // Every recorded stream, and the events the translator made of them.
    const streams = readdirSync(join(ROOT, 'src/adapters/codex/fixtures')).filter((name) =>
      name.endsWith('.jsonl'),
    ).length;
    const counts = /\((\d+) streams, (\d+) messages, (\d+) events a pass;/.exec(translation.title);
    expect(counts?.slice(1).map(Number)).toEqual([streams, expect.any(Number), expect.any(Number)]);
    expect(Number(counts?.[2])).toBeGreaterThan(streams);
    expect(Number(counts?.[3])).toBeGreaterThan(0);
  }, 120_000);
});
