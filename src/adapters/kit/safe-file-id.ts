const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * Whether a provider's session or thread id can be part of a file name: letters, digits, `-` and
 * `_`, at most 128 characters, so a stored id that is a path (`../x`) or has dots is never used as
 * one.
 *
 * @example
 * ```ts
 * isSafeFileId('0199a3c1-7a4e-7c1d-9a83-0d6b5c1f2e3a'); // true
 * isSafeFileId('../../etc/passwd'); // false
 * ```
 */
export function isSafeFileId(id: string): boolean {
  return SAFE_ID.test(id);
}
