import type { WarmCase } from './claude-phases.js';
import type { TranslationFigures } from './claude-translation.js';
import { fmt, mean, median, percentile, printTable } from './measure.js';
import type { CancelTimes, OverheadCase } from './provider-phases.js';
import { printTranslationTable, translationRows } from './translation.js';

/** Everything the Claude adapter benchmark measured. */
export interface ClaudeBenchReport {
  readonly overhead: Record<OverheadCase, number[]>;
  readonly warm: Record<WarmCase, number[]>;
  readonly cancel: CancelTimes;
  readonly translation: TranslationFigures;
}

const ms = (x: number) => fmt(x, 1);
const ratio = (x: number) => fmt(x, 2);

/** The case names of the overhead table, as printed. */
export const OVERHEAD_ROWS: Record<OverheadCase, string> = {
  direct: 'query() directly, iterated to its end',
  directDone: 'query() directly, until its result message',
  sqlite: 'SessionManager + ClaudeAdapter, SqliteSessionStore (file)',
  memory: 'SessionManager + ClaudeAdapter, InMemorySessionStore',
};

/** The case names of the warm table, as printed. */
export const WARM_ROWS: Record<WarmCase, string> = {
  warm: 'ClaudeAdapter, keepAlive (warm CLI)',
  cold: 'ClaudeAdapter, no keepAlive (new CLI resumes)',
  direct: 'query() directly, resume (first text_delta)',
};

/** The measures of the cancel table, as printed. */
export const CANCEL_ROWS: Record<keyof CancelTimes, string> = {
  resolved: 'cancelRun() resolved',
  stored: 'run_cancelled stored (onEvent)',
  processGone: 'CLI process gone',
};

/** The cases of the translation table, as printed. */
export const TRANSLATION_ROWS = translationRows('ClaudeTurnTranslator');

/** Print the report as Markdown tables. */
export function printClaudeReport(report: ClaudeBenchReport): void {
  const o = report.overhead;
  const directMean = mean(o.direct);
  const directP50 = median(o.direct);
  const toResultP50 = median(o.directDone);
  printTable(
    `Claude Code one-reply runs, real CLI against the fake server (${o.direct.length} runs a case, interleaved; each run resumes the previous one's session; ratio target ≥ 0.95)`,
    [
      'case',
      'runs',
      'mean ms/run',
      'p50 ms/run',
      'direct ÷ case: mean',
      'direct ÷ case: p50',
      'direct until result ÷ case: p50',
    ],
    (['direct', 'directDone', 'sqlite', 'memory'] as const).map((which) => [
      OVERHEAD_ROWS[which],
      fmt(o[which].length),
      ms(mean(o[which])),
      ms(median(o[which])),
      ratio(directMean / mean(o[which])),
      ratio(directP50 / median(o[which])),
      ratio(toResultP50 / median(o[which])),
    ]),
  );
  const w = report.warm;
  const coldP50 = median(w.cold);
  printTable(
    `Time to the first streamed token of a session's second run (${w.cold.length} sessions a case, interleaved; from startRun / query(); target warm ÷ cold ≤ 0.25)`,
    ['case', 'sessions', 'p50 ms', 'min ms', 'max ms', '÷ cold p50'],
    (['warm', 'cold', 'direct'] as const).map((which) => [
      WARM_ROWS[which],
      fmt(w[which].length),
      ms(median(w[which])),
      ms(Math.min(...w[which])),
      ms(Math.max(...w[which])),
      ratio(median(w[which]) / coldP50),
    ]),
  );
  const c = report.cancel;
  printTable(
    `Cancel of a run on a hanging reply, from the cancelRun() call (${c.stored.length} runs, SqliteSessionStore; target: stored within 300 ms)`,
    ['measure', 'runs', 'p50 ms', 'max ms'],
    (['resolved', 'stored', 'processGone'] as const).map((which) => [
      CANCEL_ROWS[which],
      fmt(c[which].length),
      ms(percentile(c[which], 50)),
      ms(Math.max(...c[which])),
    ]),
  );
  printTranslationTable(report.translation, 'ClaudeTurnTranslator');
}
