/** Splits `text` into `count` pieces of nearly equal length (whole code points, none empty). */
export function splitText(text: string, count: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const n = Math.max(1, Math.min(Math.floor(count), chars.length));
  const pieces: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((i * chars.length) / n);
    const end = Math.floor(((i + 1) * chars.length) / n);
    pieces.push(chars.slice(start, end).join(''));
  }
  return pieces;
}

/** The pieces a reply's text is streamed in: exactly the given pieces, or the text split in `chunks` (default 1). */
export function replyPieces(
  text: string,
  chunks: number | readonly string[] | undefined,
): string[] {
  return typeof chunks === 'object' ? [...chunks] : splitText(text, chunks ?? 1);
}

/** A rough token count of `text` (4 characters a token, at least 1), as the fakes report usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
