import { describe, expect, it } from 'vitest';
import { TokenUsage } from '../../core/token-usage.js';
import { USAGE_TOTALS_KEY, usageSince } from './usage-baseline.js';

describe('usageSince', () => {
  it('reports the whole totals on the first run and the difference afterwards', () => {
    const first = usageSince(
      { tokenUsage: { inputTokens: 100, outputTokens: 20 }, costUsd: 0.01 },
      null,
    );
    expect(first.tokenUsage).toEqual(TokenUsage.create({ inputTokens: 100, outputTokens: 20 }));
    expect(first.costUsd).toBe(0.01);
    const state = JSON.parse(JSON.stringify(first.state));
    const second = usageSince(
      {
        tokenUsage: { inputTokens: 250, outputTokens: 45, cacheReadInputTokens: 7 },
        costUsd: 0.03,
      },
      state,
    );
    expect(second.tokenUsage).toEqual(
      TokenUsage.create({ inputTokens: 150, outputTokens: 25, cacheReadInputTokens: 7 }),
    );
    expect(second.costUsd).toBe(0.02);
    expect(second.state[USAGE_TOTALS_KEY].tokenUsage.inputTokens).toBe(250);
  });

  it('treats totals below the baseline as a new provider conversation', () => {
    const before = usageSince({ tokenUsage: { inputTokens: 500 }, costUsd: 1 }, null).state;
    const after = usageSince({ tokenUsage: { inputTokens: 40 }, costUsd: 0.1 }, before);
    expect(after.tokenUsage.inputTokens).toBe(40);
    expect(after.costUsd).toBe(0.1);
  });

  it('ignores a missing or malformed baseline, and keeps a null cost null', () => {
    for (const state of [
      {},
      { [USAGE_TOTALS_KEY]: 3 },
      { [USAGE_TOTALS_KEY]: { tokenUsage: { inputTokens: -1 } } },
    ]) {
      expect(usageSince({ tokenUsage: { inputTokens: 9 } }, state).tokenUsage.inputTokens).toBe(9);
    }
    const first = usageSince({ tokenUsage: { outputTokens: 2 } }, null);
    expect(usageSince({ tokenUsage: { outputTokens: 5 } }, first.state)).toMatchObject({
      costUsd: null,
      tokenUsage: { outputTokens: 3 },
    });
  });
});
