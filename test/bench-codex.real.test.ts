import { describe, expect, it } from 'vitest';
import {
  benchTable,
  expectBenchRows,
  expectTranslationTable,
  runQuickBench,
  tableNumber,
} from './support/bench-tables.js';

// Smoke test of the Codex adapter benchmark on the real CLI against the fake Responses API: it
// runs end to end in its smallest size and prints every table with every row. Speeds are never
// asserted.

describe('Codex adapter benchmark (--quick)', () => {
  it('prints the overhead, cancel and translation tables with every row', () => {
    const all = runQuickBench('codex-adapter.bench.ts', 110_000);
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

    expectTranslationTable(all, 'CodexTurnTranslator', 'src/adapters/codex/fixtures');
  }, 120_000);
});
