import { sessionNotFound } from './sqlite-errors.js';
import type { Statements } from './statements.js';

/**
 * Each session's latest `seq`, cached for the length of ONE write transaction. Inside
 * `BEGIN IMMEDIATE` no other connection can append, so the value read once stays true until the
 * transaction ends; the writer clears the cache after every commit and rollback, and the next
 * transaction reads `MAX(seq)` again (other processes may have appended in between).
 */
export class SessionHeads {
  readonly #sql: Statements;
  readonly #latest = new Map<string, number>();

  constructor(sql: Statements) {
    this.#sql = sql;
  }

  /** The session's latest seq; a missing session throws `session_not_found`. */
  latest(sessionId: string): number {
    const cached = this.#latest.get(sessionId);
    if (cached !== undefined) return cached;
    const head = this.#sql.sessionHead.get(sessionId, sessionId) as {
      present: number;
      last: number | null;
    };
    if (head.present === 0) throw sessionNotFound(sessionId);
    const last = head.last ?? 0;
    this.#latest.set(sessionId, last);
    return last;
  }

  /** Record the session's new latest seq after a successful append. */
  set(sessionId: string, seq: number): void {
    this.#latest.set(sessionId, seq);
  }

  /** Drop what is known of a session (it was deleted; it may be created again, empty). */
  forget(sessionId: string): void {
    this.#latest.delete(sessionId);
  }

  clear(): void {
    this.#latest.clear();
  }
}
