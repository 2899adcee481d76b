import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { SqliteDatabase } from './driver.js';
import { GroupCommitWriter } from './group-commit.js';
import type { Statements } from './statements.js';

/** A fake connection that records the transaction statements it runs. */
function fakeDatabase(options: { failCommit?: boolean; busyBegins?: number } = {}) {
  const log: string[] = [];
  let inTransaction = false;
  let busyBegins = options.busyBegins ?? 0;
  const statement = (name: string, run: () => void) => ({
    run: () => {
      log.push(name);
      run();
      return { changes: 0 };
    },
    get: () => undefined,
    all: () => [],
  });
  const sql = {
    begin: statement('BEGIN', () => {
      if (busyBegins-- > 0) throw Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' });
      inTransaction = true;
    }),
    commit: statement('COMMIT', () => {
      if (options.failCommit) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
      inTransaction = false;
    }),
    rollback: statement('ROLLBACK', () => {
      inTransaction = false;
    }),
    savepoint: statement('SAVEPOINT', () => {}),
    release: statement('RELEASE', () => {}),
    rollbackTo: statement('ROLLBACK TO', () => {}),
  } as unknown as Statements;
  const db = {
    get inTransaction() {
      return inTransaction;
    },
  } as SqliteDatabase;
  return { db, sql, log };
}

describe('GroupCommitWriter', () => {
  it('runs concurrent calls in one transaction, each in its own savepoint', async () => {
    const { db, sql, log } = fakeDatabase();
    let resets = 0;
    const writer = new GroupCommitWriter(db, sql, { timeoutMs: 100 }, () => resets++);
    const results = await Promise.allSettled([
      writer.submit('a', () => 1),
      writer.submit('b', () => {
        throw new AgentSessionError('version_conflict', 'stale');
      }),
      writer.submit('c', () => {
        throw new TypeError('driver exploded');
      }),
      writer.submit('d', () => 4),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.code))).toEqual([
      1,
      'version_conflict',
      'storage_write_failed',
      4,
    ]);
    const wrapped = (results[2] as PromiseRejectedResult).reason as AgentSessionError;
    expect(wrapped.cause).toBeInstanceOf(TypeError);
    expect(log.filter((s) => s === 'BEGIN' || s === 'COMMIT')).toEqual(['BEGIN', 'COMMIT']);
    expect(log.filter((s) => s === 'ROLLBACK TO')).toHaveLength(2);
    expect(writer.counters).toEqual({ transactions: 1, writes: 4 });
    expect(resets).toBeGreaterThanOrEqual(1);
  });

  it('rejects every call of a transaction whose commit fails', async () => {
    const { db, sql, log } = fakeDatabase({ failCommit: true });
    const writer = new GroupCommitWriter(db, sql, { timeoutMs: 100 }, () => {});
    const results = await Promise.allSettled([
      writer.submit('a', () => 1),
      writer.submit('b', () => 2),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'storage_write_failed' });
    }
    expect(log.at(-1)).toBe('ROLLBACK');
    expect(writer.counters.transactions).toBe(0);
  });

  it('waits while BEGIN finds the database locked, then writes', async () => {
    const { db, sql, log } = fakeDatabase({ busyBegins: 2 });
    let retries = 0;
    const writer = new GroupCommitWriter(
      db,
      sql,
      { timeoutMs: 1000, onRetry: () => retries++ },
      () => {},
    );
    expect(await writer.submit('a', () => 'written')).toBe('written');
    expect(retries).toBe(2);
    expect(log.filter((s) => s === 'BEGIN')).toHaveLength(3);
    await writer.drain();
  });
});

describe('GroupCommitWriter liveness', () => {
  it('writes a call submitted while the previous flush is finishing (1 to 6 microtasks later)', async () => {
    for (let n = 0; n <= 6; n++) {
      const { db, sql } = fakeDatabase();
      const writer = new GroupCommitWriter(db, sql, { timeoutMs: 100 }, () => {});
      const order: string[] = [];
      const a = writer.submit('a', () => order.push('a'));
      for (let i = 0; i < n; i++) await null;
      const b = writer.submit('b', () => order.push('b'));
      let settled = false;
      void Promise.all([a, b]).then(() => {
        settled = true;
      });
      // Macrotask turns only: a stalled call stays queued however long it waits.
      for (let i = 0; i < 3 && !settled; i++) await new Promise((r) => setImmediate(r));
      expect(settled, `${n} microtasks`).toBe(true);
      expect(order).toEqual(['a', 'b']);
    }
  });

  it('writes a call submitted from the resolve callback of another', async () => {
    const { db, sql } = fakeDatabase();
    const writer = new GroupCommitWriter(db, sql, { timeoutMs: 100 }, () => {});
    let inner: Promise<number> | null = null;
    await writer
      .submit('outer', () => 1)
      .then(() => {
        inner = writer.submit('inner', () => 2);
      });
    let value: number | null = null;
    void (inner as unknown as Promise<number>).then((v) => {
      value = v;
    });
    for (let i = 0; i < 3 && value === null; i++) await new Promise((r) => setImmediate(r));
    expect(value).toBe(2);
  });
});
