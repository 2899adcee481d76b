import { AgentSessionError } from '../../core/agent-session-error.js';
import { storeErrors } from '../kit/store-errors.js';

/** The driver's extended result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE` …), if any. */
export function driverCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Whether another connection holds a lock the operation needs (retry later). */
export function isBusy(error: unknown): boolean {
  const code = driverCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

/** Whether a UNIQUE or PRIMARY KEY constraint rejected the statement. */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * `error` unchanged if it is already an `AgentSessionError`; otherwise a `storage_write_failed` /
 * `storage_read_failed` naming the operation, with the driver error as `cause`.
 */
export function storageError(
  code: 'storage_write_failed' | 'storage_read_failed',
  operation: string,
  error: unknown,
): AgentSessionError {
  if (AgentSessionError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const sqliteCode = driverCode(error);
  return new AgentSessionError(code, `${operation} failed: ${message}`, {
    details: sqliteCode === undefined ? { operation } : { operation, sqliteCode },
    cause: error,
  });
}

/** The error of every call on a closed store. */
export function closedError(operation: string): AgentSessionError {
  return storeErrors.closed('SqliteSessionStore', operation);
}

/** A `session_not_found` error for `id`. */
export const sessionNotFound = storeErrors.sessionNotFound;
