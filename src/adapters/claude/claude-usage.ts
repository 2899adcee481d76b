import type { SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import type { TokenUsage } from '../../core/token-usage.js';
import { type RunShare, usageSince } from '../kit/usage-baseline.js';

/** The state key naming the Claude session the stored totals belong to. */
const SESSION_KEY = 'claudeSessionId';

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

/** Totals over the Claude session so far, from a result's `modelUsage` (summed over models). */
function totalsOf(result: SDKResultMessage): { tokenUsage: Partial<TokenUsage>; costUsd: number } {
  const models = Object.values(result.modelUsage ?? {});
  if (models.length === 0) {
    const usage = result.usage as Partial<Record<string, unknown>>;
    return {
      tokenUsage: {
        inputTokens: count(usage.input_tokens),
        outputTokens: count(usage.output_tokens),
        cacheReadInputTokens: count(usage.cache_read_input_tokens),
        cacheCreationInputTokens: count(usage.cache_creation_input_tokens),
      },
      costUsd: count(result.total_cost_usd),
    };
  }
  let inputTokens = 0;
  let outputTokens = 0;
  let cacheReadInputTokens = 0;
  let cacheCreationInputTokens = 0;
  for (const model of models) {
    inputTokens += count(model.inputTokens);
    outputTokens += count(model.outputTokens);
    cacheReadInputTokens += count(model.cacheReadInputTokens);
    cacheCreationInputTokens += count(model.cacheCreationInputTokens);
  }
  return {
    tokenUsage: { inputTokens, outputTokens, cacheReadInputTokens, cacheCreationInputTokens },
    costUsd: count(result.total_cost_usd),
  };
}

/**
 * This run's usage and cost. Claude Code reports `modelUsage` and `total_cost_usd` as totals over
 * the whole (resumed) session, so the run's share is the difference from the totals stored by the
 * session's previous run (`previousState`), which is also what survives a restart. Totals of
 * another Claude session (a new conversation after a transcript replay) are not a baseline.
 */
export function runUsage(
  result: SDKResultMessage,
  sessionId: string,
  previousState: Readonly<Record<string, unknown>> | null,
): RunShare & { state: RunShare['state'] & { [SESSION_KEY]: string } } {
  const baseline = previousState?.[SESSION_KEY] === sessionId ? previousState : null;
  const share = usageSince(totalsOf(result), baseline);
  return { ...share, state: { ...share.state, [SESSION_KEY]: sessionId } };
}
