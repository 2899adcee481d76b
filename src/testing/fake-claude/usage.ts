import type { FakeClaudeUsage } from './fake-claude-script.js';

/** Token counts of one model reply, every field present. */
export interface Tokens {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** Cumulative per-model totals as the CLI keeps them in a session (`modelUsage` without limits). */
export interface ModelTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  costUSD: number;
}

/** What a session has cost so far; stored as the session file's `cost-state` line. */
export interface CostState {
  totalCostUSD: number;
  modelUsage: Record<string, ModelTotals>;
}

const DEFAULT_TOKENS: Tokens = {
  input_tokens: 10,
  output_tokens: 5,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

export function tokensOf(usage: FakeClaudeUsage | undefined): Tokens {
  return { ...DEFAULT_TOKENS, ...usage };
}

export function zeroTokens(): Tokens {
  return {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

export function addTokens(a: Tokens, b: Tokens): Tokens {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_creation_input_tokens: a.cache_creation_input_tokens + b.cache_creation_input_tokens,
    cache_read_input_tokens: a.cache_read_input_tokens + b.cache_read_input_tokens,
  };
}

/** Cost at Sonnet list prices per million tokens: input 3, output 15, cache write 3.75, cache read 0.30. */
export function listPriceUsd(t: Tokens): number {
  return (
    (t.input_tokens * 3 +
      t.output_tokens * 15 +
      t.cache_creation_input_tokens * 3.75 +
      t.cache_read_input_tokens * 0.3) /
    1_000_000
  );
}

export function emptyCostState(): CostState {
  return { totalCostUSD: 0, modelUsage: {} };
}

/** Adds one reply to the session totals (in place) and returns the same state. */
export function chargeReply(
  state: CostState,
  model: string,
  t: Tokens,
  costUsd: number,
): CostState {
  const prev = state.modelUsage[model] ?? {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    costUSD: 0,
  };
  state.modelUsage[model] = {
    inputTokens: prev.inputTokens + t.input_tokens,
    outputTokens: prev.outputTokens + t.output_tokens,
    cacheReadInputTokens: prev.cacheReadInputTokens + t.cache_read_input_tokens,
    cacheCreationInputTokens: prev.cacheCreationInputTokens + t.cache_creation_input_tokens,
    costUSD: prev.costUSD + costUsd,
  };
  state.totalCostUSD += costUsd;
  return state;
}

/** The `usage` object of a `result` message (the CLI's full shape). */
export function resultUsage(t: Tokens): Record<string, unknown> {
  return {
    input_tokens: t.input_tokens,
    cache_creation_input_tokens: t.cache_creation_input_tokens,
    cache_read_input_tokens: t.cache_read_input_tokens,
    output_tokens: t.output_tokens,
    output_tokens_details: { thinking_tokens: 0 },
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: 'standard',
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    inference_geo: '',
    iterations: [],
    speed: 'standard',
    fallback_credit: null,
  };
}

/** `modelUsage` of a `result`: per-model totals with the CLI's extra fields. */
export function modelUsageReport(totals: Record<string, ModelTotals>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [model, m] of Object.entries(totals)) {
    out[model] = {
      ...m,
      webSearchRequests: 0,
      contextWindow: 200_000,
      maxOutputTokens: 32_000,
      thinkingTokens: 0,
      cacheCreationEphemeral5mInputTokens: 0,
      cacheCreationEphemeral1hInputTokens: 0,
      canonicalModel: model,
      provider: 'firstParty',
      costBasis: 'list',
    };
  }
  return out;
}
