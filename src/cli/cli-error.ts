import { AgentSessionError } from '../core/agent-session-error.js';
import type { ErrorCode } from '../core/error-codes.js';
import { visible } from './terminal-text.js';

/** Exit codes of `asm` (docs/cli.md). */
export const EXIT = Object.freeze({
  ok: 0,
  failed: 1,
  usage: 2,
  /** The store file cannot be used: not a database, damaged, from a newer version, a directory… */
  store: 3,
  /** Another asm process is executing a run of the session. */
  busy: 75,
  cancelled: 130,
  /** The reader of stdout went away (`asm … | head -1`), as a process ended by SIGPIPE. */
  outputClosed: 141,
});

/** Codes that mean "the command was given something it cannot use": exit code 2. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation_error',
  'invalid_input',
  'missing_required_field',
  'invalid_format',
  'invalid_cursor',
  'not_found',
  'session_not_found',
  'run_not_found',
  'provider_unavailable',
  'storage_connection_failed',
  'invalid_operation',
]);

/**
 * A usage error: bad arguments, flags or values. Exit code 2.
 *
 * @example
 * ```ts
 * throw usageError("unknown command 'foo' (see asm --help)");
 * ```
 */
export function usageError(message: string): AgentSessionError {
  return new AgentSessionError('invalid_input', message, { details: { usage: true } });
}

/**
 * A store file that cannot be used (exit code 3): the message names the file and what is wrong.
 *
 * @example
 * ```ts
 * throw storeError('/work/.asm/sessions.db', 'is not a SQLite database');
 * ```
 */
export function storeError(path: string, problem: string, cause?: unknown): AgentSessionError {
  return new AgentSessionError('storage_error', `store ${path} ${problem}`, {
    details: { exit: EXIT.store, path },
    cause,
  });
}

/** A session whose run another asm process executes (exit code 75: try again later). */
export function busyError(message: string): AgentSessionError {
  return new AgentSessionError('invalid_operation', message, { details: { exit: EXIT.busy } });
}

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  if (!AgentSessionError.isInstance(error)) return EXIT.failed;
  const exit = error.details?.exit;
  if (typeof exit === 'number') return exit;
  return USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failed;
}

/** The one line printed on stderr for an error (no stack trace; `ASM_DEBUG=1` adds it). */
export function errorLine(error: unknown, debug = false): string {
  const message = error instanceof Error ? error.message : String(error);
  const known = AgentSessionError.isInstance(error);
  const text = known ? message : `internal error: ${message}`;
  const firstLine = `asm: ${visible(text.split('\n')[0] ?? '')}\n`;
  if (debug && error instanceof Error && error.stack) return `${firstLine}${error.stack}\n`;
  return firstLine;
}
