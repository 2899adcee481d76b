import type { AgentSessionError } from '../../core/agent-session-error.js';
import { type BusyPolicy, retryBusy } from './busy-retry.js';
import type { SqliteDatabase } from './driver.js';
import { isBusy, storageError } from './sqlite-errors.js';
import type { Statements } from './statements.js';

/** One queued write: runs synchronously inside the shared transaction, in its own savepoint. */
interface Job {
  readonly operation: string;
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Counters of a `GroupCommitWriter`. */
export interface WriterCounters {
  transactions: number;
  writes: number;
}

/** Most calls one transaction takes, so a long queue does not make one huge transaction. */
const MAX_CALLS_PER_TRANSACTION = 1000;

/**
 * Group commit: write calls made while a flush is pending are queued and written together in ONE
 * `BEGIN IMMEDIATE` transaction, each in its own savepoint. A call that throws rolls back only its
 * own writes and gets its own error; the others commit. Promises settle after `COMMIT`, so a
 * resolved write is durable. Calls run in the order they were made.
 */
export class GroupCommitWriter {
  readonly counters: WriterCounters = { transactions: 0, writes: 0 };
  readonly #db: SqliteDatabase;
  readonly #sql: Statements;
  readonly #busy: BusyPolicy;
  readonly #resetCaches: () => void;
  #queue: Job[] = [];
  #scheduled = false;
  #flushing: Promise<void> | null = null;

  /**
   * `resetCaches` runs after every commit and every rollback, so state that is only valid inside
   * one transaction (such as each session's latest seq) never outlives it.
   */
  constructor(db: SqliteDatabase, sql: Statements, busy: BusyPolicy, resetCaches: () => void) {
    this.#db = db;
    this.#sql = sql;
    this.#busy = busy;
    this.#resetCaches = resetCaches;
  }

  /** Queue `work`; resolves with its result once the transaction holding it has committed. */
  submit<T>(operation: string, work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ operation, work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled && this.#flushing === null) {
        this.#scheduled = true;
        queueMicrotask(() => this.#startFlush());
      }
    });
  }

  /** Resolves once every queued call has been written (or rejected). */
  async drain(): Promise<void> {
    while (this.#flushing !== null || this.#queue.length > 0) {
      if (this.#flushing === null) this.#startFlush();
      await this.#flushing;
    }
  }

  #startFlush(): void {
    this.#scheduled = false;
    if (this.#flushing !== null) return;
    this.#flushing = this.#flushAll().finally(() => {
      this.#flushing = null;
      // A call submitted after the loop saw an empty queue, but before this ran, found a flush
      // still pending and did not schedule one: write it now, or it would wait for the next call.
      if (this.#queue.length > 0) this.#startFlush();
    });
  }

  async #flushAll(): Promise<void> {
    while (this.#queue.length > 0) {
      try {
        // The lock is usually free: take it and write in the same tick. Awaiting in between would
        // hold the lock across a microtask, where another connection of this process could block
        // the thread in SQLite's busy handler while we can never reach COMMIT.
        if (!this.#tryBegin()) {
          await retryBusy('write', this.#busy, 'storage_write_failed', () => this.#sql.begin.run());
        }
      } catch (error) {
        this.#failAll(this.#queue.splice(0), storageError('storage_write_failed', 'begin', error));
        continue;
      }
      this.#runBatch(this.#queue.splice(0, MAX_CALLS_PER_TRANSACTION));
    }
  }

  #tryBegin(): boolean {
    try {
      this.#sql.begin.run();
      return true;
    } catch (error) {
      if (!isBusy(error)) throw error;
      this.#busy.onRetry?.();
      return false;
    }
  }

  #runBatch(batch: Job[]): void {
    if (batch.length === 1) {
      this.#runAlone(batch[0] as Job);
      return;
    }
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      for (const job of batch) results.push(this.#runJob(job));
      this.#sql.commit.run();
    } catch (error) {
      this.#abort();
      this.#failAll(batch, storageError('storage_write_failed', 'commit', error));
      return;
    }
    this.#resetCaches();
    this.counters.transactions++;
    this.counters.writes += batch.length;
    batch.forEach((job, i) => {
      const r = results[i] as { ok: boolean; value: unknown };
      if (r.ok) job.resolve(r.value);
      else job.reject(r.value);
    });
  }

  // A job's own failure is its result; a failure of the transaction itself is thrown.
  #runJob(job: Job): { ok: boolean; value: unknown } {
    if (!this.#db.inTransaction) throw new Error('the transaction ended unexpectedly');
    this.#sql.savepoint.run();
    try {
      const value = job.work();
      this.#sql.release.run();
      return { ok: true, value };
    } catch (error) {
      // SQLite rolls a whole transaction back on some errors (disk full, I/O): then nothing holds.
      if (!this.#db.inTransaction) throw error;
      this.#sql.rollbackTo.run();
      this.#sql.release.run();
      this.#resetCaches();
      return { ok: false, value: storageError('storage_write_failed', job.operation, error) };
    }
  }

  // A lone call needs no savepoint: the transaction is its unit, rolled back whole if it fails.
  #runAlone(job: Job): void {
    let value: unknown;
    try {
      value = job.work();
    } catch (error) {
      this.#abort();
      job.reject(storageError('storage_write_failed', job.operation, error));
      return;
    }
    try {
      this.#sql.commit.run();
    } catch (error) {
      this.#abort();
      job.reject(storageError('storage_write_failed', 'commit', error));
      return;
    }
    this.#resetCaches();
    this.counters.transactions++;
    this.counters.writes++;
    job.resolve(value);
  }

  #abort(): void {
    try {
      if (this.#db.inTransaction) this.#sql.rollback.run();
    } catch {
      // The rollback failing leaves nothing more to undo; the callers get the original error.
    }
    this.#resetCaches();
  }

  #failAll(jobs: readonly Job[], error: AgentSessionError): void {
    for (const job of jobs) job.reject(error);
  }
}
