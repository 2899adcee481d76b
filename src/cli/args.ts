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
      if (/argument missing/.test(error.message))
        return `option '${name ?? '?'}' needs a value ${see}`;
      if (/ambiguous/.test(error.message)) {
        return `option '${name ?? '?'}' needs a value; write ${name ?? '--option'}=<value> for a value that starts with '-' ${see}`;
      }
      return `option '${name ?? '?'}' does not take a value ${see}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `too many arguments for 'asm ${command}' ${see}`;
    default:
      return `${error.message.split('.')[0]} ${see}`;
  }
}

/**
 * `--limit -1` as `--limit=-1`: a value that looks like a negative number belongs to the string
 * flag before it (parseArgs would call it ambiguous), so the flag's own check can explain it.
 */
function attachNegativeValues(argv: readonly string[], options: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (
      name !== null &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d/.test(next)
    ) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
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
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    parsed = parseArgs({
      args: attachNegativeValues(argv, all),
      options: all,
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
  const kind = min >= 1 ? 'a positive integer' : 'a whole number';
  if (!/^\d+$/.test(value.trim())) throw usageError(`--${name} must be ${kind}, got '${value}'`);
  const n = Number(value.trim());
  if (n < min) throw usageError(`--${name} must be ${kind}, got '${value}'`);
  if (n > max) throw usageError(`--${name} must be at most ${max}, got ${n}`);
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
