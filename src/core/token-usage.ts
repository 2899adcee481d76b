import { expectNonNegative, invalid, isPlainObject, typeName } from './validate.js';

/** Token counts of one run (or one step of it). */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheCreationInputTokens: number;
  readonly totalTokens: number;
}

const KEYS = [
  'inputTokens',
  'outputTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'totalTokens',
] as const;

const ZERO: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  totalTokens: 0,
});

/**
 * Functions over `TokenUsage` values.
 *
 * @example
 * ```ts
 * const usage = TokenUsage.create({ inputTokens: 10, outputTokens: 5 }); // totalTokens 15
 * TokenUsage.merge(usage, usage).totalTokens; // 30
 * ```
 */
export const TokenUsage = {
  /** All counts zero. */
  zero: ZERO,
  /** The keys of a usage value. */
  keys: KEYS,
  /** A usage value from partial counts; `totalTokens` defaults to input + output. */
  create(attrs: Partial<TokenUsage> = {}, field = 'tokenUsage'): TokenUsage {
    if (!isPlainObject(attrs)) invalid(field, `must be an object, got ${typeName(attrs)}`);
    const get = (key: (typeof KEYS)[number]) =>
      attrs[key] === undefined ? 0 : expectNonNegative(attrs[key], `${field}.${key}`);
    const inputTokens = get('inputTokens');
    const outputTokens = get('outputTokens');
    return Object.freeze({
      inputTokens,
      outputTokens,
      cacheReadInputTokens: get('cacheReadInputTokens'),
      cacheCreationInputTokens: get('cacheCreationInputTokens'),
      // The default total of two huge counts can be Infinity, which no store can keep.
      totalTokens:
        attrs.totalTokens === undefined
          ? expectNonNegative(inputTokens + outputTokens, `${field}.totalTokens`)
          : get('totalTokens'),
    });
  },
  /** Add two usage values key by key. */
  merge(a: TokenUsage, b: TokenUsage): TokenUsage {
    return Object.freeze({
      inputTokens: a.inputTokens + b.inputTokens,
      outputTokens: a.outputTokens + b.outputTokens,
      cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
      cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
      totalTokens: a.totalTokens + b.totalTokens,
    });
  },
  /** `later - earlier`, key by key, never below zero (turns cumulative totals into one run's share). */
  diff(later: TokenUsage, earlier: TokenUsage): TokenUsage {
    const d = (k: (typeof KEYS)[number]) => Math.max(0, later[k] - earlier[k]);
    return Object.freeze({
      inputTokens: d('inputTokens'),
      outputTokens: d('outputTokens'),
      cacheReadInputTokens: d('cacheReadInputTokens'),
      cacheCreationInputTokens: d('cacheCreationInputTokens'),
      totalTokens: d('totalTokens'),
    });
  },
};
