import type { Usage } from '@openai/codex-sdk';
import { type RunShare, usageSince } from '../kit/usage-baseline.js';

/** The state key naming the Codex thread the stored totals belong to. */
const THREAD_KEY = 'codexThreadId';

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

/**
 * This run's usage. `turn.completed.usage` holds totals over the whole thread (also across
 * `resumeThread` in another process), so the run's share is the difference from the totals the
 * thread's previous run stored in its state. Totals of another thread are not a baseline. Codex
 * reports no cost, so `costUsd` is null.
 */
export function codexRunUsage(
  usage: Usage,
  threadId: string,
  previousState: Readonly<Record<string, unknown>> | null,
): RunShare & { state: RunShare['state'] & { [THREAD_KEY]: string } } {
  const baseline = previousState?.[THREAD_KEY] === threadId ? previousState : null;
  const share = usageSince(
    {
      tokenUsage: {
        inputTokens: count(usage.input_tokens),
        outputTokens: count(usage.output_tokens),
        cacheReadInputTokens: count(usage.cached_input_tokens),
        cacheCreationInputTokens: count(usage.cache_write_input_tokens),
      },
      costUsd: null,
    },
    baseline,
  );
  return { ...share, state: { ...share.state, [THREAD_KEY]: threadId } };
}
