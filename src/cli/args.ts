import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './cli-error.js';

/** The flags of one command, in `node:util` `parseArgs` form. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positional arguments of one command. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Flags every command accepts. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  store: { type: 'string' },
};

interface NodeParseError {
  code?: string;
  message: string;
}

function optionName(message: string): string | null {
  const match = /'(-{1,2}[^'\s]*)[^']*'/.exec(message);
  return match?.[1] ?? null;
}

function explain(error: NodeParseError, command: string): string {
  const see = `(see asm ${command} --help)`;
  const name = optionName(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${name ?? '?'}' for 'asm ${command}' ${see}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message)
        ? `option '${name ?? '?'}' needs a value ${see}`
        : `option '${name ?? '?'}' does not take a value ${see}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `too many arguments for 'asm ${command}' ${see}`;
    default:
      return `${error.message.split('.')[0]} ${see}`;
  }
}

/**
 * Parse one command's arguments strictly: an unknown flag, a missing value or too many positionals
 * throw a usage error (exit code 2) naming the problem.
 *
 * @example
 * ```ts
 * parseCommandArgs('sessions', ['--limit', '5'], { limit: { type: 'string' } }, 0);
 * // { values: { limit: '5' }, positionals: [] }
 * ```
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: OptionSpecs,
  maxPositionals: number,
): ParsedArgs {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      strict: true,
      allowPositionals: true,
    }) as { values: Record<string, unknown>; positionals: string[] };
  } catch (error) {
    throw usageError(explain(error as NodeParseError, command));
  }
  if (parsed.positionals.length > maxPositionals && parsed.values.help !== true) {
    throw usageError(`too many arguments for 'asm ${command}' (see asm ${command} --help)`);
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * An integer flag within `[min, max]`; anything else is a usage error naming the flag.
 *
 * @example
 * ```ts
 * parseIntegerFlag('20', 'limit', 1, 1000); // 20
 * ```
 */
export function parseIntegerFlag(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw usageError(`--${name} must be a whole number, got '${value}'`);
  }
  const n = Number(value.trim());
  if (n < min || n > max) throw usageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/**
 * A duration flag in milliseconds: `500ms`, `30s`, `2m`; a bare number is seconds.
 *
 * @example
 * ```ts
 * parseDuration('1.5s', 'timeout'); // 1500
 * ```
 */
export function parseDuration(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const match = DURATION.exec(value.trim());
  if (!match) {
    throw usageError(`--${name} must be a duration like 500ms, 30s or 2m, got '${value}'`);
  }
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000));
  if (ms < 1) throw usageError(`--${name} must be at least 1ms, got '${value}'`);
  return ms;
}
