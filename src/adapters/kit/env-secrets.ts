import { redactText, secretList } from '../../core/redact-text.js';

/** Environment variable names whose values are secrets (API keys, tokens, passwords). */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

/** Values shorter than this are not treated as secrets (they would redact ordinary words). */
const MIN_SECRET_LENGTH = 8;

/**
 * The secret values of an environment: those of variables named like a key, token, secret or
 * password, longest first (so a secret containing another is replaced whole).
 *
 * @example
 * ```ts
 * envSecrets({ ANTHROPIC_API_KEY: 'sk-ant-123456', PATH: '/usr/bin' }); // ['sk-ant-123456']
 * ```
 */
export function envSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name)) {
      values.push(value);
    }
  }
  return [...secretList(values)];
}

/**
 * A function replacing every occurrence of the given secrets in a text with `[redacted]`.
 *
 * @example
 * ```ts
 * const redact = textRedactor(['sk-ant-123456']);
 * redact('key sk-ant-123456 refused'); // 'key [redacted] refused'
 * ```
 */
export function textRedactor(secrets: readonly string[]): (text: string) => string {
  const list = secretList(secrets);
  if (list.length === 0) return (text) => text;
  return (text) => redactText(text, list);
}
