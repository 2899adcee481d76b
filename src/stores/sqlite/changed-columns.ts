import type { SqliteDatabase, SqliteStatement } from './driver.js';

/** Rows remembered per table; past this the memory starts over (it is only a hint). */
const MAX_KNOWN_ROWS = 4096;
/** Statements kept per table (one per set of changed columns; a few in practice). */
const MAX_STATEMENTS = 64;

/**
 * Compare-and-set updates that write only the columns that changed. An UPDATE that sets a column
 * rewrites every index on it, even to the same value; a run's session or a session's agent,
 * status and creation time rarely change, so most saves can leave those index pages untouched,
 * and fewer pages go to the WAL.
 *
 * Which columns changed is judged against the row as this connection last wrote or read it. That
 * is only a hint (another process may have changed the row since): the UPDATE also requires every
 * column it does not set to hold the new value already (`col IS ?`). So when it changes the row,
 * the row is exactly the new one; when it does not, `update` says so and the caller writes every
 * column, as without this.
 */
export class ChangedColumnUpdates {
  readonly #db: SqliteDatabase;
  readonly #table: string;
  readonly #columns: readonly string[];
  readonly #known = new Map<string, readonly unknown[]>();
  readonly #statements = new Map<number, SqliteStatement>();

  /** `columns`: the table's columns in parameter order, the id first and the version last. */
  constructor(db: SqliteDatabase, table: string, columns: readonly string[]) {
    this.#db = db;
    this.#table = table;
    this.#columns = columns;
  }

  /** Remember `params` (a whole row, id first) as the row's stored content. */
  remember(params: readonly unknown[]): void {
    if (this.#known.size >= MAX_KNOWN_ROWS) this.#known.clear();
    this.#known.set(params[0] as string, params);
  }

  /** Forget what is known of a row (it was deleted). */
  forget(id: string): void {
    this.#known.delete(id);
  }

  /**
   * Write `params` over the row with its id at `expectedVersion`, setting only the columns that
   * differ from the remembered row. Returns a bit mask of the columns set (bit i: column i), or
   * null when nothing is remembered or the row is not as remembered: nothing was written then.
   */
  update(params: readonly unknown[], expectedVersion: number): number | null {
    const id = params[0] as string;
    const old = this.#known.get(id);
    if (old === undefined) return null;
    // The version is always set: it is what every save changes.
    let mask = 1 << (params.length - 1);
    for (let i = 1; i < params.length; i++) if (old[i] !== params[i]) mask |= 1 << i;
    const args: unknown[] = [];
    for (let i = 1; i < params.length; i++) if (mask & (1 << i)) args.push(params[i]);
    args.push(id, expectedVersion);
    for (let i = 1; i < params.length; i++) if (!(mask & (1 << i))) args.push(params[i]);
    if (this.#statement(mask).run(...args).changes !== 1) return null;
    return mask;
  }

  // `UPDATE t SET <changed> WHERE id = ? AND version = ? AND <each unchanged> IS ?`.
  #statement(mask: number): SqliteStatement {
    let statement = this.#statements.get(mask);
    if (statement === undefined) {
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.clear();
      const set: string[] = [];
      const same: string[] = [];
      this.#columns.forEach((column, i) => {
        if (i === 0) return;
        if (mask & (1 << i)) set.push(`${column} = ?`);
        else same.push(` AND ${column} IS ?`);
      });
      const [idColumn] = this.#columns;
      const sql = `UPDATE ${this.#table} SET ${set.join(', ')} WHERE ${idColumn} = ? AND version = ?${same.join('')}`;
      statement = this.#db.prepare(sql);
      this.#statements.set(mask, statement);
    }
    return statement;
  }
}
