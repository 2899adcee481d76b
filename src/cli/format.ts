/** Formatting of numbers the CLI prints: tokens, cost, durations. */

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

// Thousands separators by hand: toLocaleString loads ICU data, which costs a short command ~15 ms.
function grouped(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const digits = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * `1,234 tokens (1,000 in · 234 out)` from a `TokenUsage`-like value.
 *
 * @example
 * ```ts
 * formatTokens({ inputTokens: 10, outputTokens: 5, totalTokens: 15 }); // '15 tokens (10 in · 5 out)'
 * ```
 */
export function formatTokens(usage: unknown): string {
  const u = (typeof usage === 'object' && usage !== null ? usage : {}) as Record<string, unknown>;
  const n = (v: unknown) => grouped(count(v));
  return `${n(u.totalTokens)} tokens (${n(u.inputTokens)} in · ${n(u.outputTokens)} out)`;
}

/** `$0.0123`, or `cost n/a` when the provider reported none. */
export function formatCost(costUsd: unknown): string {
  if (typeof costUsd !== 'number' || !Number.isFinite(costUsd)) return 'cost n/a';
  return `$${costUsd.toFixed(costUsd < 1 ? 4 : 2)}`;
}

/** `850ms`, `12.3s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** A shell-quoted string for copy-paste hints. */
export function shellQuote(text: string): string {
  return `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}
