import { TokenUsage } from '../../core/token-usage.js';
import type { TranscriptMessage } from '../../ports/adapter-execution.js';
import type { MockReplyContext, MockSettings } from './mock-options.js';

/** The default answer: names the turn and the prompt, so continuity shows in the text. */
export function defaultReply(context: MockReplyContext): string {
  return `Mock answer #${context.turn} to: "${context.prompt}"`;
}

/** The text a turn streams, and how it is cut into deltas. */
export interface StreamPlan {
  readonly text: string;
  readonly count: number;
  /** Where delta `i` ends in `text` (delta `i` is `text.slice(end(i - 1), end(i))`). */
  end(i: number): number;
}

/**
 * Cut `reply` into `chunkSize`-character deltas, or into exactly `deltas` deltas (the reply repeated
 * up to `deltas` characters when shorter, so every delta is non-empty).
 */
export function planStream(reply: string, settings: MockSettings): StreamPlan {
  const n = settings.deltas;
  if (n === null) {
    const size = settings.chunkSize;
    const length = reply.length;
    return {
      text: reply,
      count: Math.ceil(length / size),
      end: (i) => Math.min(length, (i + 1) * size),
    };
  }
  const base = reply.length > 0 || n === 0 ? reply : ' ';
  const text = base.length >= n ? base : base.repeat(Math.ceil(n / base.length)).slice(0, n);
  const length = text.length;
  return {
    text,
    count: n,
    end: (i) => (i + 1 === n ? length : Math.floor(((i + 1) * length) / n)),
  };
}

const tokensOf = (text: string) => Math.ceil(text.length / 4);

/**
 * Deterministic usage of a turn: about four characters a token for the prompt and replayed
 * conversation (input) and the answer (output), then the configured overrides.
 */
export function usageOf(
  prompt: string,
  transcript: readonly TranscriptMessage[],
  content: string,
  overrides: Partial<TokenUsage>,
): TokenUsage {
  let inputTokens = tokensOf(prompt);
  for (const message of transcript) inputTokens += tokensOf(message.content);
  return TokenUsage.create({ inputTokens, outputTokens: tokensOf(content), ...overrides });
}

/** The number of user turns in a conversation. */
export function userTurns(transcript: readonly TranscriptMessage[]): number {
  let n = 0;
  for (const message of transcript) if (message.role === 'user') n++;
  return n;
}
