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

/** Where each grapheme of a text starts, and the text's length at the end. */
interface Graphemes {
  readonly count: number;
  /** The offset of grapheme `k` (`k === count`: the text's length). */
  at(k: number): number;
}

// Printable ASCII, tab and newline: every code unit is a grapheme of its own (not "\r\n").
const SIMPLE_TEXT = /^[\t\n\x20-\x7e]*$/;
let segmenter: Intl.Segmenter | undefined;

/** Code units segmented at once: Node 20's segment iterator slows down with the input's length. */
const WINDOW = 256;

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/**
 * The grapheme boundaries of `text` (Intl.Segmenter), so deltas never split a character. The text
 * is segmented window by window: a boundary depends only on what precedes it and the code point
 * after it, so every boundary inside a window is final except that the window's last segment may
 * continue after the window; it is segmented again as the start of the next window.
 */
function graphemesOf(text: string): Graphemes {
  if (SIMPLE_TEXT.test(text)) return { count: text.length, at: (k) => k };
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const starts: number[] = [];
  let from = 0;
  let window = WINDOW;
  while (from < text.length) {
    let to = Math.min(text.length, from + window);
    // Never cut a surrogate pair: the boundary before the last segment needs its whole code point.
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to++;
    const found: number[] = [];
    for (const { index } of segmenter.segment(text.slice(from, to))) found.push(from + index);
    if (to === text.length) {
      starts.push(...found);
      break;
    }
    const last = found.pop() as number;
    if (found.length === 0) {
      window *= 2; // one grapheme longer than the window: look further
      continue;
    }
    starts.push(...found);
    from = last;
    window = WINDOW;
  }
  const count = starts.length;
  starts.push(text.length);
  return { count, at: (k) => starts[k] as number };
}

/**
 * Cut `reply` into deltas of `chunkSize` graphemes, or into exactly `deltas` deltas (the reply
 * repeated up to `deltas` graphemes when shorter, so every delta is non-empty). A delta never ends
 * inside a grapheme: no lone surrogate, no emoji sequence or accent torn apart.
 */
export function planStream(reply: string, settings: MockSettings): StreamPlan {
  const n = settings.deltas;
  if (n === null) {
    const size = settings.chunkSize;
    const g = graphemesOf(reply);
    return {
      text: reply,
      count: Math.ceil(g.count / size),
      end: (i) => g.at(Math.min(g.count, (i + 1) * size)),
    };
  }
  const base = reply.length > 0 || n === 0 ? reply : ' ';
  let text = base;
  let g = graphemesOf(text);
  if (g.count < n) {
    // Enough copies for n graphemes (a copy may join the previous copy's last grapheme), cut at n.
    let copies = Math.ceil(n / Math.max(1, g.count));
    for (;;) {
      const repeated = graphemesOf(base.repeat(copies));
      if (repeated.count >= n) {
        text = base.repeat(copies).slice(0, repeated.at(n));
        g = { count: n, at: repeated.at };
        break;
      }
      copies++;
    }
  }
  const total = g.count;
  const length = text.length;
  return {
    text,
    count: n,
    end: (i) => (i + 1 === n ? length : g.at(Math.floor(((i + 1) * total) / n))),
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
