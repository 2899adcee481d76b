import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenUsage } from './token-usage.js';

describe('TokenUsage', () => {
  it('defaults totalTokens to input + output', () => {
    expect(TokenUsage.create({ inputTokens: 3, outputTokens: 4 }).totalTokens).toBe(7);
    expect(TokenUsage.create({ inputTokens: 3, totalTokens: 10 }).totalTokens).toBe(10);
  });

  it('merge adds key by key and is commutative', () => {
    const usage = fc.record({
      inputTokens: fc.nat(1e6),
      outputTokens: fc.nat(1e6),
      cacheReadInputTokens: fc.nat(1e6),
      cacheCreationInputTokens: fc.nat(1e6),
    });
    fc.assert(
      fc.property(usage, usage, (a, b) => {
        const ua = TokenUsage.create(a);
        const ub = TokenUsage.create(b);
        const sum = TokenUsage.merge(ua, ub);
        expect(sum).toEqual(TokenUsage.merge(ub, ua));
        for (const key of TokenUsage.keys) expect(sum[key]).toBe(ua[key] + ub[key]);
        expect(TokenUsage.diff(sum, ua)).toEqual(ub);
      }),
    );
  });

  it('rejects counts whose default total is not finite, naming totalTokens', () => {
    const huge = { inputTokens: Number.MAX_VALUE, outputTokens: Number.MAX_VALUE };
    expect(() => TokenUsage.create(huge, 'run.tokenUsage')).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: { field: 'run.tokenUsage.totalTokens' },
      }),
    );
  });

  it('diff never goes below zero', () => {
    const d = TokenUsage.diff(
      TokenUsage.create({ inputTokens: 1 }),
      TokenUsage.create({ inputTokens: 5 }),
    );
    expect(d.inputTokens).toBe(0);
  });

  it('rejects non-numbers, negatives and non-objects naming the key', () => {
    expect(() => TokenUsage.create({ inputTokens: '3' as never })).toThrow(
      /tokenUsage.inputTokens/,
    );
    expect(() => TokenUsage.create({ outputTokens: -1 })).toThrow(/tokenUsage.outputTokens/);
    expect(() => TokenUsage.create(null as never)).toThrow(/tokenUsage must be an object/);
  });
});
