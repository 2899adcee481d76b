import { AgentSessionError } from '../core/agent-session-error.js';

function driverMessage(error: unknown): string {
  let e: unknown = error;
  // The driver's own error is the innermost cause; the store's wrappers add operation names.
  while (AgentSessionError.isInstance(e) && e.cause !== undefined) e = e.cause;
  const message = e instanceof Error ? e.message : String(e);
  return (message.split('\n')[0] ?? '').replace(/^cannot open SQLite database "[^"]*": /, '');
}

/**
 * What is wrong with a store file, in words for `asm: store <path> <problem>`: never the name of
 * an internal method, always what the file is or lacks.
 *
 * @example
 * ```ts
 * describeStoreProblem(new Error('file is not a database')); // 'is not a SQLite database'
 * ```
 */
export function describeStoreProblem(error: unknown): string {
  if (AgentSessionError.isInstance(error) && typeof error.details.foundVersion === 'number') {
    return `was written by a newer version of asm (schema ${error.details.foundVersion}; this version reads up to ${String(error.details.supportedVersion)}): upgrade asm to read it`;
  }
  const message = driverMessage(error);
  const code = String((error as { code?: unknown }).code ?? '');
  if (/file is not a database/i.test(message)) return 'is not a SQLite database';
  if (/malformed|corrupt/i.test(message) || code.startsWith('SQLITE_CORRUPT')) {
    return 'is damaged (database disk image is malformed)';
  }
  if (/unable to open database file|EISDIR|directory/i.test(message)) {
    return 'cannot be opened (it is a directory or not readable)';
  }
  if (/no such table|no such column/i.test(message)) {
    return `is a SQLite database but not an asm store (${message})`;
  }
  if (/readonly|read-only/i.test(message)) return 'is read-only, and this command needs to write';
  if (/locked|busy/i.test(message)) return 'is locked by another process for too long; try again';
  if (/JSON|Unexpected token|validation|must be/i.test(message)) {
    return `holds a damaged record (${message})`;
  }
  return `cannot be used: ${message.replace(/^\w+ failed: /, '')}`;
}
