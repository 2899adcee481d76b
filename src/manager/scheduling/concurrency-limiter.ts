import { AgentSessionError } from '../../core/agent-session-error.js';
import { expectInteger } from '../../core/validate.js';

/** Slot limits of a `ConcurrencyLimiter` (integers ≥ 1). */
export interface ConcurrencyLimits {
  /** Sessions with a run queued or executing at once (default 100). */
  maxParallelSessions?: number;
  /** Runs executing at once (default 50). */
  maxParallelRuns?: number;
}

/** A snapshot of a `ConcurrencyLimiter`, including the high-water marks since it was made. */
export interface LimiterStatus {
  activeSessions: number;
  activeRuns: number;
  maxParallelSessions: number;
  maxParallelRuns: number;
  availableSessionSlots: number;
  availableRunSlots: number;
  waitingSessions: number;
  waitingRuns: number;
  peakRuns: number;
  peakSessions: number;
}

interface Waiter {
  readonly id: string;
  readonly signal: AbortSignal | undefined;
  readonly resolve: () => void;
  readonly reject: (error: AgentSessionError) => void;
  readonly onAbort: () => void;
}

interface RunWaiter extends Waiter {
  readonly sessionId: string;
}

function cancelled(what: string): AgentSessionError {
  return new AgentSessionError('cancelled', `wait for a ${what} slot was cancelled`);
}

/**
 * Session and run slots. A session holds a slot while it has work queued or executing; a run holds
 * one while it executes and always belongs to a session that holds a slot. Acquiring is idempotent
 * per id; releasing a session releases its runs. Waiters are served first come, first served.
 *
 * @example
 * ```ts
 * const limiter = new ConcurrencyLimiter({ maxParallelRuns: 2 });
 * limiter.acquireRun('run_1', 'ses_1'); // takes the session slot too
 * await limiter.waitForRun('run_2', 'ses_1', signal);
 * limiter.releaseSession('ses_1'); // frees ses_1, run_1 and run_2
 * ```
 */
export class ConcurrencyLimiter {
  readonly #maxSessions: number;
  readonly #maxRuns: number;
  readonly #sessions = new Set<string>();
  /** runId → sessionId */
  readonly #runs = new Map<string, string>();
  readonly #sessionWaiters: Waiter[] = [];
  readonly #runWaiters: RunWaiter[] = [];
  /** Runs whose waitForRun is still waiting for their session slot. */
  #runsWaitingForSession = 0;
  #peakRuns = 0;
  #peakSessions = 0;

  constructor(limits: ConcurrencyLimits = {}) {
    this.#maxSessions =
      limits.maxParallelSessions === undefined
        ? 100
        : expectInteger(limits.maxParallelSessions, 'limits.maxParallelSessions', 1);
    this.#maxRuns =
      limits.maxParallelRuns === undefined
        ? 50
        : expectInteger(limits.maxParallelRuns, 'limits.maxParallelRuns', 1);
  }

  /** Take a session slot (no-op when held); throws `max_sessions_exceeded` when none is free. */
  acquireSession(sessionId: string): void {
    if (this.#sessions.has(sessionId)) return;
    if (this.#sessions.size >= this.#maxSessions || this.#sessionWaiters.length > 0) {
      throw new AgentSessionError(
        'max_sessions_exceeded',
        `cannot start work on session ${sessionId}: ${this.#sessions.size} of maxParallelSessions ${this.#maxSessions} in use`,
        { details: { sessionId, maxParallelSessions: this.#maxSessions } },
      );
    }
    this.#takeSession(sessionId);
  }

  /**
   * Take a run slot (no-op when held), and the session's slot if it is not held; throws
   * `max_runs_exceeded` or `max_sessions_exceeded`, taking nothing.
   */
  acquireRun(runId: string, sessionId: string): void {
    if (this.#runs.has(runId)) return;
    if (this.#runs.size >= this.#maxRuns || this.#runWaiters.length > 0) {
      throw new AgentSessionError(
        'max_runs_exceeded',
        `cannot execute run ${runId}: ${this.#runs.size} of maxParallelRuns ${this.#maxRuns} running`,
        { details: { runId, sessionId, maxParallelRuns: this.#maxRuns } },
      );
    }
    this.acquireSession(sessionId);
    this.#takeRun(runId, sessionId);
  }

  /**
   * Take a session slot, waiting in line when none is free. Aborting `signal` rejects with
   * `cancelled` and leaves the line. Once the promise resolves, the caller holds the slot.
   */
  waitForSession(sessionId: string, signal?: AbortSignal): Promise<void> {
    if (this.#sessions.has(sessionId)) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(cancelled('session'));
    if (this.#sessions.size < this.#maxSessions && this.#sessionWaiters.length === 0) {
      this.#takeSession(sessionId);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        id: sessionId,
        signal,
        resolve,
        reject,
        onAbort: () => {
          remove(this.#sessionWaiters, waiter);
          reject(cancelled('session'));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#sessionWaiters.push(waiter);
    });
  }

  /**
   * Take a run slot (and the session's slot first, if not held), waiting in line for each. On
   * `cancelled`, a session slot this call took itself is given back when the session has no runs.
   */
  async waitForRun(runId: string, sessionId: string, signal?: AbortSignal): Promise<void> {
    if (this.#runs.has(runId)) return;
    let tookSession = false;
    if (!this.#sessions.has(sessionId)) {
      this.#runsWaitingForSession++;
      try {
        await this.waitForSession(sessionId, signal);
      } finally {
        this.#runsWaitingForSession--;
      }
      tookSession = true;
    }
    try {
      await this.#waitForRunSlot(runId, sessionId, signal);
    } catch (error) {
      if (tookSession && !this.#sessionHasRuns(sessionId)) this.releaseSession(sessionId);
      throw error;
    }
  }

  /** Give back a run slot (no-op when not held) and serve the next run waiter. */
  releaseRun(runId: string): void {
    if (!this.#runs.delete(runId)) return;
    this.#pumpRuns();
  }

  /** Give back a session slot and its runs' slots (no-op when not held); serve waiters. */
  releaseSession(sessionId: string): void {
    if (!this.#sessions.delete(sessionId)) return;
    for (const [runId, owner] of this.#runs) if (owner === sessionId) this.#runs.delete(runId);
    // A run waiting for a slot needs its session's slot: without it the wait cannot succeed.
    for (const waiter of [...this.#runWaiters]) {
      if (waiter.sessionId !== sessionId) continue;
      remove(this.#runWaiters, waiter);
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(
        new AgentSessionError(
          'cancelled',
          `wait for a run slot for run ${waiter.id} was cancelled: session ${sessionId} released its slot`,
        ),
      );
    }
    this.#pumpSessions();
    this.#pumpRuns();
  }

  /** Slots in use, free and waited for, and the peaks reached. */
  status(): LimiterStatus {
    return {
      activeSessions: this.#sessions.size,
      activeRuns: this.#runs.size,
      maxParallelSessions: this.#maxSessions,
      maxParallelRuns: this.#maxRuns,
      availableSessionSlots: this.#maxSessions - this.#sessions.size,
      availableRunSlots: this.#maxRuns - this.#runs.size,
      waitingSessions: this.#sessionWaiters.length,
      waitingRuns: this.#runWaiters.length + this.#runsWaitingForSession,
      peakRuns: this.#peakRuns,
      peakSessions: this.#peakSessions,
    };
  }

  #waitForRunSlot(runId: string, sessionId: string, signal?: AbortSignal): Promise<void> {
    if (this.#runs.has(runId)) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(cancelled('run'));
    if (!this.#sessions.has(sessionId)) {
      return Promise.reject(
        new AgentSessionError(
          'cancelled',
          `session ${sessionId} released its slot before run ${runId} got one`,
        ),
      );
    }
    if (this.#runs.size < this.#maxRuns && this.#runWaiters.length === 0) {
      this.#takeRun(runId, sessionId);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: RunWaiter = {
        id: runId,
        sessionId,
        signal,
        resolve,
        reject,
        onAbort: () => {
          remove(this.#runWaiters, waiter);
          reject(cancelled('run'));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#runWaiters.push(waiter);
    });
  }

  #sessionHasRuns(sessionId: string): boolean {
    for (const owner of this.#runs.values()) if (owner === sessionId) return true;
    return false;
  }

  #takeSession(sessionId: string): void {
    this.#sessions.add(sessionId);
    if (this.#sessions.size > this.#peakSessions) this.#peakSessions = this.#sessions.size;
  }

  #takeRun(runId: string, sessionId: string): void {
    this.#runs.set(runId, sessionId);
    if (this.#runs.size > this.#peakRuns) this.#peakRuns = this.#runs.size;
  }

  // A waiter leaves the line and gets its slot in one synchronous step, with its abort listener
  // removed first: an abort after that finds a resolved promise, never a granted slot nobody owns.
  #pumpSessions(): void {
    while (this.#sessions.size < this.#maxSessions) {
      const waiter = this.#sessionWaiters.shift();
      if (!waiter) return;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      if (!this.#sessions.has(waiter.id)) this.#takeSession(waiter.id);
      waiter.resolve();
    }
  }

  #pumpRuns(): void {
    while (this.#runs.size < this.#maxRuns) {
      const waiter = this.#runWaiters.shift();
      if (!waiter) return;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      if (!this.#runs.has(waiter.id)) this.#takeRun(waiter.id, waiter.sessionId);
      waiter.resolve();
    }
  }
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}
