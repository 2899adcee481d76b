/** What replaces a secret. */
export const REDACTED = '[redacted]';

/**
 * Secrets in the order `redactText` needs them: unique, non-empty, longest first, so a secret that
 * contains another is replaced whole.
 *
 * @example
 * ```ts
 * secretList(['ab', 'abc', 'ab', '']); // ['abc', 'ab']
 * ```
 */
export function secretList(secrets: readonly string[]): readonly string[] {
  return [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every secret of `secrets` (as `secretList` orders them) replaced by `[redacted]`.
 *
 * @example
 * ```ts
 * redactText('key sk-123 refused', secretList(['sk-123'])); // 'key [redacted] refused'
 * ```
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
