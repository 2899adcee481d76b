import type { RunResult } from '../manager/run/run-result.js';
import type { Colors } from './colors.js';
import { clip } from './event-line.js';
import { formatCost, formatDuration, formatTokens, shellQuote } from './format.js';

/**
 * The lines printed on stderr after a run: outcome, duration, tokens, cost, ids and how to resume.
 *
 * @example
 * ```ts
 * process.stderr.write(runSummary(result, 1234, colors(false)));
 * // ✓ completed in 1.2s · 25 tokens (6 in · 19 out) · cost n/a
 * //   session ses_… · run run_…
 * //   resume with: asm resume ses_… "…"
 * ```
 */
export function runSummary(result: RunResult, durationMs: number, c: Colors): string {
  const { run } = result;
  const figures = `${formatDuration(durationMs)} · ${formatTokens(result.tokenUsage)} · ${formatCost(result.costUsd)}`;
  let head: string;
  switch (result.status) {
    case 'completed':
      head = `${c.green('✓ completed')} in ${figures}`;
      break;
    case 'cancelled':
      head = `${c.yellow('■ cancelled')} after ${figures}`;
      break;
    case 'timeout':
      head = `${c.red('✗ timed out')} after ${figures}`;
      break;
    default: {
      const why = run.error ? `: ${run.error.code}: ${clip(run.error.message, 120)}` : '';
      head = `${c.red(`✗ failed${why}`)} after ${figures}`;
    }
  }
  return [
    head,
    c.dim(`  session ${run.sessionId} · run ${run.id}`),
    c.dim(`  resume with: asm resume ${run.sessionId} ${shellQuote('…')}`),
    '',
  ].join('\n');
}
