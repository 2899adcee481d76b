import { fmt, mean, median, percentile, printTable } from './measure.js';
import type { CancelTimes, OverheadCase } from './provider-phases.js';
import { printTranslationTable, type TranslationFigures } from './translation.js';

/** Everything the Codex adapter benchmark measured. */
export interface CodexBenchReport {
  readonly overhead: Record<OverheadCase, number[]>;
  readonly cancel: CancelTimes;
  readonly translation: TranslationFigures;
}

const ms = (x: number) => fmt(x, 1);
const ratio = (x: number) => fmt(x, 2);

/** The case names of the overhead table, as printed. */
export const CODEX_OVERHEAD_ROWS: Record<OverheadCase, string> = {
  direct: 'Codex SDK directly, runStreamed() iterated to its end',
  directDone: 'Codex SDK directly, until turn.completed',
  sqlite: 'SessionManager + CodexAdapter, SqliteSessionStore (file)',
  memory: 'SessionManager + CodexAdapter, InMemorySessionStore',
};

/** The measures of the cancel table, as printed. */
export const CODEX_CANCEL_ROWS: Record<keyof CancelTimes, string> = {
  resolved: 'cancelRun() resolved',
  stored: 'run_cancelled stored (onEvent)',
  processGone: 'no process with the CODEX_HOME left',
};

/** Print the report as Markdown tables. */
export function printCodexReport(report: CodexBenchReport): void {
  const o = report.overhead;
  const directMean = mean(o.direct);
  const directP50 = median(o.direct);
  printTable(
    `Codex one-reply runs, real CLI against the fake Responses API (${o.direct.length} runs a case, interleaved; runs 2.. resume the thread; ratio target ≥ 0.95)`,
    ['case', 'runs', 'mean ms/run', 'p50 ms/run', 'direct ÷ case: mean', 'direct ÷ case: p50'],
    (['direct', 'directDone', 'sqlite', 'memory'] as const).map((which) => [
      CODEX_OVERHEAD_ROWS[which],
      fmt(o[which].length),
      ms(mean(o[which])),
      ms(median(o[which])),
      ratio(directMean / mean(o[which])),
      ratio(directP50 / median(o[which])),
    ]),
  );
  const c = report.cancel;
  printTable(
    `Cancel of a Codex run on a hanging reply, from the cancelRun() call (${c.stored.length} runs, SqliteSessionStore; target: stored within 200 ms)`,
    ['measure', 'runs', 'p50 ms', 'max ms'],
    (['resolved', 'stored', 'processGone'] as const).map((which) => [
      CODEX_CANCEL_ROWS[which],
      fmt(c[which].length),
      ms(percentile(c[which], 50)),
      ms(Math.max(...c[which])),
    ]),
  );
  printTranslationTable(report.translation, 'CodexTurnTranslator');
}
