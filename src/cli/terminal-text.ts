// C0 controls except \t and \n, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to neutralise
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function replacement(char: string): string {
  const code = char.charCodeAt(0);
  // C0 and DEL have printable pictures (U+2400…U+2421): ESC shows as ␛, BEL as ␇.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from the store made safe for a terminal: control characters that could move the cursor,
 * clear the screen, retitle the window or reorder text are shown as visible symbols (ESC as `␛`,
 * C1 and bidi controls as `\u009b`, `\u202e`). Newlines and tabs are kept. For human output only;
 * `--json` prints stored text exactly.
 *
 * @example
 * ```ts
 * visible('\u001b]0;pwned\u0007'); // '␛]0;pwned␇'
 * ```
 */
export function visible(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, replacement) : text;
}
