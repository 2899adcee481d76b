import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { SessionStatus } from '../core/session-status.js';
import type { EventRow, RunRow, SessionRow } from '../stores/sqlite/rows.js';
import { SCHEMA_VERSION } from '../stores/sqlite/schema.js';
import { storeError } from './cli-error.js';
import { describeStoreProblem } from './store-problem.js';

interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface Database {
  prepare(sql: string): Statement;
  pragma(source: string, options: { simple: true }): unknown;
  close(): unknown;
}

type DatabaseConstructor = new (
  source: string | Buffer,
  options?: { readonly?: boolean; fileMustExist?: boolean; nativeBinding?: string },
) => Database;

/** What `asm sessions` shows of a session without `--json`. */
export interface SessionSummary {
  readonly id: string;
  readonly status: string;
  readonly agentId: string;
  readonly createdAt: string;
}

// The row converters validate what they build (and load the core values): only when needed.
const rows = () => import('../stores/sqlite/rows.js');

/** Filters of `newestSessions`. */
export interface SessionsQuery {
  readonly status?: SessionStatus | undefined;
  readonly agentId?: string | undefined;
}

function isNotFound(error: unknown): boolean {
  return (
    AgentSessionError.isInstance(error) &&
    (error.code === 'session_not_found' || error.code === 'run_not_found')
  );
}

// The driver's addon by its path: skips the `bindings` search of a dozen directories at each start.
function nativeBinding(require: NodeJS.Require): { nativeBinding?: string } {
  try {
    return { nativeBinding: require.resolve('better-sqlite3/build/Release/better_sqlite3.node') };
  } catch {
    return {};
  }
}

function connect(path: string): Database {
  const require = createRequire(import.meta.url);
  const Driver = require('better-sqlite3') as DatabaseConstructor;
  const addon = nativeBinding(require);
  try {
    const db = new Driver(path, { readonly: true, fileMustExist: true, ...addon });
    try {
      db.pragma('user_version', { simple: true });
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // A WAL file in a directory this user cannot write: read a snapshot of the file instead.
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') throw error;
    const image = readFileSync(path);
    if (image.length >= 20) {
      image[18] = 1; // legacy (non-WAL) read and write versions: a memory image has no WAL
      image[19] = 1;
    }
    return new Driver(image, { readonly: true, ...addon });
  }
}

/**
 * Read-only access to an asm SQLite store, for the commands that only read (`sessions`, `show`,
 * `events`, `cancel`): it never creates, migrates or writes the file, works on a read-only file or
 * directory, and reads only what is shown (the newest page of sessions, events page by page).
 * Problems with the file become one store error (exit 3) naming the file and what is wrong.
 *
 * @example
 * ```ts
 * const reader = StoreReader.open('/work/.asm/sessions.db');
 * try { reader.newestSessions({}, 20); } finally { reader.close(); }
 * ```
 */
export class StoreReader {
  readonly path: string;
  readonly #db: Database;

  private constructor(path: string, db: Database) {
    this.path = path;
    this.#db = db;
  }

  /**
   * Open `path`; null when it is a store of an older schema that the full store must migrate first.
   */
  static open(path: string): StoreReader | null {
    let db: Database;
    try {
      db = connect(path);
    } catch (error) {
      throw storeError(path, describeStoreProblem(error), error);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return new StoreReader(path, db);
    db.close();
    if (version > SCHEMA_VERSION) {
      throw storeError(
        path,
        `was written by a newer version of asm (schema ${version}; this version reads up to ${SCHEMA_VERSION}): upgrade asm to read it`,
      );
    }
    if (version === 0) throw storeError(path, 'is a SQLite database but not an asm store');
    return null;
  }

  #read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw this.#problem(error);
    }
  }

  async #readAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.#problem(error);
    }
  }

  #problem(error: unknown): unknown {
    if (isNotFound(error)) return error;
    return storeError(this.path, describeStoreProblem(error), error);
  }

  #where(query: SessionsQuery): { sql: string; params: unknown[] } {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.status !== undefined) {
      conditions.push('status = ?');
      params.push(query.status);
    }
    if (query.agentId !== undefined) {
      conditions.push('agent_id = ?');
      params.push(query.agentId);
    }
    return { sql: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`, params };
  }

  /** The id, status, agent and creation time of the newest `limit` sessions, newest first. */
  sessionSummaries(query: SessionsQuery, limit: number): SessionSummary[] {
    const { sql, params } = this.#where(query);
    return this.#read(
      () =>
        this.#db
          .prepare(
            `SELECT id, status, agent_id AS agentId, created_at AS createdAt FROM sessions${sql} ORDER BY id DESC LIMIT ?`,
          )
          .all(...params, limit) as SessionSummary[],
    );
  }

  /** The newest `limit` sessions matching `query`, newest first. */
  newestSessions(query: SessionsQuery, limit: number): Promise<Session[]> {
    const { sql, params } = this.#where(query);
    return this.#readAsync(async () => {
      const { rowToSession } = await rows();
      return (
        this.#db
          .prepare(`SELECT * FROM sessions${sql} ORDER BY id DESC LIMIT ?`)
          .all(...params, limit) as SessionRow[]
      ).map(rowToSession);
    });
  }

  /** The session, or `session_not_found`. */
  getSession(id: string): Promise<Session> {
    return this.#readAsync(async () => {
      const { rowToSession } = await rows();
      const row = this.#db.prepare('SELECT * FROM sessions WHERE id = ?').get(id);
      if (row === undefined) {
        throw new AgentSessionError('session_not_found', `session ${id} does not exist`, {
          details: { sessionId: id },
        });
      }
      return rowToSession(row as SessionRow);
    });
  }

  /** The run, or `run_not_found`. */
  getRun(id: string): Promise<Run> {
    return this.#readAsync(async () => {
      const { rowToRun } = await rows();
      const row = this.#db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
      if (row === undefined) {
        throw new AgentSessionError('run_not_found', `run ${id} does not exist`, {
          details: { runId: id },
        });
      }
      return rowToRun(row as RunRow);
    });
  }

  /** Every run of a session, oldest first. */
  runs(sessionId: string): Promise<Run[]> {
    return this.#readAsync(async () => {
      const { rowToRun } = await rows();
      return (
        this.#db
          .prepare('SELECT * FROM runs WHERE session_id = ? ORDER BY id')
          .all(sessionId) as RunRow[]
      ).map(rowToRun);
    });
  }

  /** Runs stored as running: their id and owner. */
  runningRuns(): { id: string; owner: string | null }[] {
    return this.#read(
      () =>
        this.#db.prepare("SELECT id, owner FROM runs WHERE status = 'running'").all() as {
          id: string;
          owner: string | null;
        }[],
    );
  }

  /** Up to `limit` events of a session after `after`, in `seq` order. */
  events(sessionId: string, after: number, limit: number): Promise<SessionEvent[]> {
    return this.#readAsync(async () => {
      const { rowToEvent } = await rows();
      return (
        this.#db
          .prepare('SELECT * FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?')
          .all(sessionId, after, limit) as EventRow[]
      ).map(rowToEvent);
    });
  }

  close(): void {
    this.#db.close();
  }
}
