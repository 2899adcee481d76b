import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectBenchRows as expectRows,
  tableNumber as number,
  benchTable as table,
  benchTables as tables,
} from './support/bench-tables.js';

// Smoke test of the Claude adapter benchmark on the real CLI against the fake server: it runs end
// to end in its smallest size and prints every table with every row. Speeds are never asserted.
const ROOT = resolve(import.meta.dirname, '..');

describe('Claude adapter benchmark (--quick)', () => {
  it('prints the overhead, warm, cancel and translation tables with every row', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/claude-adapter.bench.ts', '--quick'],
      { cwd: ROOT, encoding: 'utf8', timeout: 170_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const all = tables(child.stdout);
    expect(all).toHaveLength(4);

    const overhead = table(all, 'Claude Code one-reply runs');
    expectRows(
      overhead,
      [
        'query() directly, iterated to its end',
        'query() directly, until its result message',
        'SessionManager + ClaudeAdapter, SqliteSessionStore (file)',
        'SessionManager + ClaudeAdapter, InMemorySessionStore',
      ],
      2,
    );
    // Each baseline's ratio to itself.
    expect(overhead.rows[0]?.slice(4, 6)).toEqual(['1.00', '1.00']);
    expect(overhead.rows[1]?.at(-1)).toBe('1.00');

    const warm = table(all, "Time to the first streamed token of a session's second run");
    expectRows(
      warm,
      [
        'ClaudeAdapter, keepAlive (warm CLI)',
        'ClaudeAdapter, no keepAlive (new CLI resumes)',
        'query() directly, resume (first text_delta)',
      ],
      1,
    );
    expect(warm.rows[1]?.at(-1)).toBe('1.00');

    const cancel = table(all, 'Cancel of a run on a hanging reply');
    expectRows(
      cancel,
      ['cancelRun() resolved', 'run_cancelled stored (onEvent)', 'CLI process gone'],
      1,
    );

    const translation = table(all, 'Translation of the recorded streams');
    expect(translation.rows.map((row) => row[0])).toEqual([
      'JSON.parse of the lines',
      'ClaudeTurnTranslator (messages parsed before)',
      'JSON.parse + ClaudeTurnTranslator',
    ]);
    expect(translation.rows[0]?.at(-1)).toBe('1.00');
    for (const row of translation.rows) {
      expect(number(row[1] as string)).toBeGreaterThan(0);
      expect(number(row[2] as string)).toBeGreaterThan(0);
    }
    // Every recorded stream, and the events the translator made of them.
    const streams = readdirSync(join(ROOT, 'src/adapters/claude/fixtures')).filter((name) =>
      name.endsWith('.jsonl'),
    ).length;
    const counts = /\((\d+) streams, (\d+) messages, (\d+) events a pass;/.exec(translation.title);
    expect(counts?.slice(1).map(Number)).toEqual([streams, expect.any(Number), expect.any(Number)]);
    expect(Number(counts?.[2])).toBeGreaterThan(streams);
    expect(Number(counts?.[3])).toBeGreaterThan(0);
  }, 180_000);
});
