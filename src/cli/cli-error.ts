import { AgentSessionError } from '../core/agent-session-error.js';
import type { ErrorCode } from '../core/error-codes.js';

/** Exit codes of `asm` (docs/cli.md). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, cancelled: 130 });

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

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  if (AgentSessionError.isInstance(error) && USAGE_CODES.has(error.code)) return EXIT.usage;
  return EXIT.failed;
}

/** The one line printed on stderr for an error (no stack trace; `ASM_DEBUG=1` adds it). */
export function errorLine(error: unknown, debug = false): string {
  const message = error instanceof Error ? error.message : String(error);
  const known = AgentSessionError.isInstance(error);
  const text = known ? message : `internal error: ${message}`;
  const firstLine = `asm: ${text.split('\n')[0]}\n`;
  if (debug && error instanceof Error && error.stack) return `${firstLine}${error.stack}\n`;
  return firstLine;
}
