import type { Run } from '../../core/run.js';
import { inputText } from '../../core/run-parts.js';
import { TokenUsage } from '../../core/token-usage.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { colors, statusColor, useColor } from '../colors.js';
import { clip } from '../event-line.js';
import { formatCost, formatDuration, formatTokens } from '../format.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { asStoreError, noStoreYet, openReadSource, storeSpecOf } from '../store-access.js';
import { visible } from '../terminal-text.js';

/** Usage summed over runs; cost is null when no run reported one. */
export function usageTotals(runs: readonly Run[]): {
  tokenUsage: TokenUsage;
  costUsd: number | null;
  runs: number;
} {
  let tokenUsage = TokenUsage.zero;
  let costUsd: number | null = null;
  for (const run of runs) {
    tokenUsage = TokenUsage.merge(tokenUsage, run.tokenUsage);
    if (run.costUsd !== null) costUsd = (costUsd ?? 0) + run.costUsd;
  }
  return { tokenUsage, costUsd, runs: runs.length };
}

function runDuration(run: Run): string {
  if (!run.startedAt || !run.endedAt) return '';
  return formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt));
}

/**
 * `asm show <session> [--json]`: a session, its runs and its usage totals.
 *
 * @example
 * ```ts
 * await showCommand(['ses_0190…'], io); // 0, or 2 when the session does not exist
 * ```
 */
export async function showCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('show', argv, { json: { type: 'boolean' } }, 1);
  if (args.values.help) {
    io.stdout.write(helpText('show'));
    return EXIT.ok;
  }
  const id = args.positionals[0];
  if (id === undefined) throw usageError('missing <session> (see asm show --help)');
  const source = await openReadSource(args, io, (path) => {
    throw noStoreYet(path, `session ${id} does not exist`);
  });
  if ('missing' in source) return EXIT.usage;
  try {
    const session = await source.getSession(id);
    const runs = await source.runs(id);
    const totals = usageTotals(runs);
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({ session, runs, totals })}\n`);
      return EXIT.ok;
    }
    const c = colors(useColor(io.stdout, io.env));
    const out: string[] = [
      `${c.bold('Session')}  ${visible(session.id)}`,
      `  status    ${statusColor(session.status, c)(session.status)}`,
      `  agent     ${visible(session.agentId)}`,
      `  created   ${session.createdAt}`,
      `  updated   ${session.updatedAt}`,
    ];
    const system = session.context.systemPrompt;
    if (typeof system === 'string') out.push(`  system    ${clip(system, 70)}`);
    if (session.tags.length > 0) out.push(`  tags      ${clip(session.tags.join(', '), 200)}`);
    out.push('', c.bold(`Runs (${runs.length})`));
    for (const run of runs) {
      const status = statusColor(run.status, c)(run.status.padEnd(9));
      const detail = run.error ? c.red(`${run.error.code}: ${clip(run.error.message, 50)}`) : '';
      out.push(
        `  ${visible(run.id)}  ${status}  ${runDuration(run).padStart(6)}  ${String(run.tokenUsage.totalTokens).padStart(6)} tok  ${clip(inputText(run.input), 40)} ${detail}`.trimEnd(),
      );
    }
    out.push(
      '',
      `${c.bold('Totals')}  ${formatTokens(totals.tokenUsage)} · ${formatCost(totals.costUsd)}`,
    );
    io.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  } catch (error) {
    throw asStoreError(storeSpecOf(args, io), error);
  } finally {
    await source.close();
  }
}
