import { describe, expect, it } from 'vitest';
import {
  expectBenchRows as expectRows,
  expectTranslationTable,
  runQuickBench,
  benchTable as table,
} from './support/bench-tables.js';

// Smoke test of the Claude adapter benchmark on the real CLI against the fake server: it runs end
// to end in its smallest size and prints every table with every row. Speeds are never asserted.

describe('Claude adapter benchmark (--quick)', () => {
  it('prints the overhead, warm, cancel and translation tables with every row', () => {
    const all = runQuickBench('claude-adapter.bench.ts', 170_000);
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

    expectTranslationTable(all, 'ClaudeTurnTranslator', 'src/adapters/claude/fixtures');
  }, 180_000);
});
