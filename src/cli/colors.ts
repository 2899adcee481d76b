import type { CliOutput } from './io.js';

/** ANSI styles, each a function that wraps text (or returns it unchanged when colors are off). */
export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

/**
 * Whether to color a stream: only a terminal, and never when `NO_COLOR` is set to a non-empty value
 * (https://no-color.org).
 *
 * @example
 * ```ts
 * useColor(process.stderr, process.env); // false when piped or with NO_COLOR=1
 * ```
 */
export function useColor(
  stream: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (stream.isTTY !== true) return false;
  const noColor = env.NO_COLOR;
  return noColor === undefined || noColor === '';
}

function style(open: number, close: number, enabled: boolean): (text: string) => string {
  if (!enabled) return (text) => text;
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/**
 * The styles for one stream.
 *
 * @example
 * ```ts
 * const c = colors(true);
 * c.red('failed'); // '\u001b[31mfailed\u001b[39m'
 * ```
 */
export function colors(enabled: boolean): Colors {
  return Object.freeze({
    enabled,
    bold: style(1, 22, enabled),
    dim: style(2, 22, enabled),
    red: style(31, 39, enabled),
    green: style(32, 39, enabled),
    yellow: style(33, 39, enabled),
    blue: style(34, 39, enabled),
    magenta: style(35, 39, enabled),
    cyan: style(36, 39, enabled),
  });
}

/** The style of a session or run status: red failures, yellow stops, green successes, blue the rest. */
export function statusColor(status: string, c: Colors): (text: string) => string {
  if (status === 'failed' || status === 'timeout') return c.red;
  if (status === 'cancelled' || status === 'paused') return c.yellow;
  if (status === 'completed') return c.green;
  return c.blue;
}
