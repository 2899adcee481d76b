import { invalid, typeName } from '../../core/validate.js';

/**
 * The environment of a provider's child process: `process.env` with `overrides` on top, where a
 * key set to `undefined` is removed. `overrides` may be any object (`process.env` is not a plain
 * one); a value that is not a string is `validation_error` naming `env.<key>`.
 *
 * @example
 * ```ts
 * childEnv({ HOME: '/tmp/home', OPENAI_API_KEY: undefined }); // process.env, HOME replaced, no key
 * ```
 */
export function childEnv(overrides: unknown): Record<string, string> {
  if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null)) {
    invalid('env', `must be an object of strings, got ${typeName(overrides)}`);
  }
  const env: Record<string, string> = {};
  for (const [key, item] of Object.entries(process.env)) if (item !== undefined) env[key] = item;
  for (const [key, item] of Object.entries((overrides ?? {}) as Record<string, unknown>)) {
    if (item === undefined) delete env[key];
    else if (typeof item === 'string') env[key] = item;
    else invalid(`env.${key}`, `must be a string or undefined, got ${typeName(item)}`);
  }
  return env;
}
