import { createRequire } from 'node:module';
import { AgentSessionError } from '../../core/agent-session-error.js';

/** The part of a better-sqlite3 prepared statement the store uses. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 connection the store uses. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
}

type DatabaseConstructor = new (path: string, options?: { timeout?: number }) => SqliteDatabase;

const INSTALL_HINT =
  'SqliteSessionStore needs the optional peer dependency better-sqlite3: npm install better-sqlite3';

// Loaded when `agent-session-manager/sqlite` is imported, so a missing driver fails at the import
// with an error that says what to install; the root entry point never reaches this module.
function load(): DatabaseConstructor {
  try {
    const require = createRequire(import.meta.url);
    return require('better-sqlite3') as DatabaseConstructor;
  } catch (error) {
    throw new AgentSessionError(
      'storage_connection_failed',
      `${INSTALL_HINT} (${messageOf(error)})`,
      {
        details: { package: 'better-sqlite3' },
        cause: error,
      },
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

const Database = load();

/**
 * Open a better-sqlite3 connection. Failures (a missing directory, a file that cannot be opened, a
 * native module built for another Node version) throw `storage_connection_failed` naming the path.
 */
export function openDatabase(path: string, busyTimeoutMs: number): SqliteDatabase {
  try {
    return new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw connectionFailed(path, error);
  }
}

/** A `storage_connection_failed` error for `path`, with the driver's message and the cause. */
export function connectionFailed(path: string, error: unknown): AgentSessionError {
  if (AgentSessionError.isInstance(error)) return error;
  return new AgentSessionError(
    'storage_connection_failed',
    `cannot open SQLite database "${path}": ${messageOf(error)}`,
    { details: { path }, cause: error },
  );
}
