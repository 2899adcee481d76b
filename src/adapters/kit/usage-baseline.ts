import { TokenUsage } from '../../core/token-usage.js';

/** The key of `AdapterResult.state` under which the provider's totals so far are kept. */
export const USAGE_TOTALS_KEY = 'usageTotals';

/** What a provider reports over its whole conversation (Claude's cost, Codex's thread usage). */
export interface ConversationTotals {
  readonly tokenUsage: Partial<TokenUsage>;
  readonly costUsd?: number | null;
}

/** One run's share of the totals, and the state to return so the next run can subtract it. */
export interface RunShare {
  readonly tokenUsage: TokenUsage;
  readonly costUsd: number | null;
  readonly state: {
    readonly [USAGE_TOTALS_KEY]: { tokenUsage: TokenUsage; costUsd: number | null };
  };
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

// The baseline stored by the previous run, or null when there is none or it is not well formed.
function baselineOf(previousState: Readonly<Record<string, unknown>> | null) {
  const stored = previousState?.[USAGE_TOTALS_KEY] as
    | { tokenUsage?: Record<string, unknown>; costUsd?: unknown }
    | undefined;
  if (typeof stored !== 'object' || stored === null) return null;
  const usage = stored.tokenUsage;
  if (typeof usage !== 'object' || usage === null) return null;
  if (!TokenUsage.keys.every((key) => isCount(usage[key]))) return null;
  return {
    tokenUsage: usage as unknown as TokenUsage,
    costUsd: isCount(stored.costUsd) ? stored.costUsd : null,
  };
}

/**
 * This run's usage and cost from the provider's conversation totals and the baseline the
 * previous run stored in its state (`request.previousState`), so the figures stay per run across
 * restarts. When a total is below its baseline the provider started a new conversation: the
 * totals are then this run's own.
 *
 * @example
 * ```ts
 * const first = usageSince({ tokenUsage: { inputTokens: 100 }, costUsd: 0.01 }, null);
 * const second = usageSince({ tokenUsage: { inputTokens: 250 }, costUsd: 0.03 }, first.state);
 * second.tokenUsage.inputTokens; // 150
 * second.costUsd; // 0.02
 * ```
 */
export function usageSince(
  totals: ConversationTotals,
  previousState: Readonly<Record<string, unknown>> | null,
): RunShare {
  const tokenUsage = TokenUsage.create(totals.tokenUsage, 'totals.tokenUsage');
  const costUsd = isCount(totals.costUsd) ? totals.costUsd : null;
  const state = { [USAGE_TOTALS_KEY]: { tokenUsage, costUsd } } as const;
  const before = baselineOf(previousState);
  const restarted =
    before === null ||
    TokenUsage.keys.some((key) => tokenUsage[key] < before.tokenUsage[key]) ||
    (costUsd !== null && before.costUsd !== null && costUsd < before.costUsd);
  if (restarted) return { tokenUsage, costUsd, state };
  return {
    tokenUsage: TokenUsage.diff(tokenUsage, before.tokenUsage),
    costUsd:
      costUsd === null ? null : roundCost(costUsd - (before.costUsd === null ? 0 : before.costUsd)),
    state,
  };
}

// Dollar amounts as the provider gives them, without binary floating-point tails (0.03 - 0.01).
function roundCost(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}
