import Database from 'better-sqlite3';
import type { SessionEvent } from '../../src/index.js';

/** The fields of an event row, as a store writes them (a `SessionEvent` has them all). */
export interface EventRowFields {
  readonly sessionId: string;
  readonly id: string;
  readonly type: string;
  readonly runId: string | null;
  readonly timestamp: string;
  readonly provider: string | null;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * The baseline: plain better-sqlite3 (WAL, synchronous=NORMAL) inserting the same rows into a table
 * with the same keys and index as the store's event table, and nothing else.
 */
export class RawEventTable {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  #read: Database.Statement | undefined;
  #appendTx: ((events: readonly EventRowFields[]) => void) | undefined;
  /** The last `seq` written by `append`. */
  #seq = 0;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(`CREATE TABLE events (
      session_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
      run_id TEXT, timestamp TEXT NOT NULL, provider TEXT, data TEXT NOT NULL, metadata TEXT NOT NULL,
      PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
      CREATE INDEX events_run ON events (run_id, seq);`);
    this.#insert = this.#db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  }

  #row(e: EventRowFields, seq: number): void {
    this.#insert.run(
      e.sessionId,
      seq,
      e.id,
      e.type,
      e.runId,
      e.timestamp,
      e.provider,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
    );
  }

  /** Insert `events` in transactions of `batch` rows (`Infinity`: one transaction; 1: autocommit). */
  insert(events: readonly SessionEvent[], batch: number): void {
    let seq = 0;
    const tx = this.#db.transaction((slice: readonly SessionEvent[]) => {
      for (const e of slice) this.#row(e, ++seq);
    });
    if (batch === 1) {
      for (const e of events) this.#row(e, ++seq);
      return;
    }
    const size = Number.isFinite(batch) ? batch : events.length;
    for (let i = 0; i < events.length; i += size) tx(events.slice(i, i + size));
  }

  /** Append `events` in one transaction, `seq` continuing from the previous `append`. */
  append(events: readonly EventRowFields[]): void {
    this.#appendTx ??= this.#db.transaction((batch: readonly EventRowFields[]) => {
      for (const e of batch) this.#row(e, ++this.#seq);
    });
    this.#appendTx(events);
  }

  /** The rows after `seq` (up to `limit`), parsed back into plain objects, as a store would. */
  readAfter(sessionId: string, seq: number, limit: number): unknown[] {
    this.#read ??= this.#db.prepare(
      'SELECT * FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    return (this.#read.all(sessionId, seq, limit) as Record<string, string>[]).map((r) => ({
      ...r,
      data: JSON.parse(r.data as string),
      metadata: JSON.parse(r.metadata as string),
    }));
  }

  close(): void {
    this.#db.close();
  }
}
