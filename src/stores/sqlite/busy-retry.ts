import { AgentSessionError } from '../../core/agent-session-error.js';
import { isBusy } from './sqlite-errors.js';

/** How long to keep retrying an operation that finds the database locked. */
export interface BusyPolicy {
  /** Total time to keep trying, on top of SQLite's own busy handler. */
  readonly timeoutMs: number;
  /** Called before each retry (for statistics). */
  readonly onRetry?: () => void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
// SQLite's own busy handler may already have spent the whole timeout in the first attempt (it
// blocks the thread, so a lock holder in this process cannot let go meanwhile): always try again.
const MIN_ATTEMPTS = 3;

function pause(attempt: number): number {
  return Math.min(50, 1 + attempt * 2) * (0.5 + Math.random());
}

/** The error a caller gets when the lock never came free. */
export type BusyErrorCode =
  | 'storage_write_failed'
  | 'storage_read_failed'
  | 'storage_connection_failed';

function gaveUp(operation: string, policy: BusyPolicy, code: BusyErrorCode, cause: unknown) {
  return new AgentSessionError(
    code,
    `${operation}: the database stayed locked by another connection for more than ${policy.timeoutMs} ms`,
    { details: { operation, reason: 'busy', timeoutMs: policy.timeoutMs }, cause },
  );
}

// After a failed attempt: rethrow what is not a lock, give up past the deadline (after at least
// MIN_ATTEMPTS), otherwise count the retry and say how long to pause before the next one.
function retryPause(
  error: unknown,
  attempt: number,
  deadline: number,
  operation: string,
  policy: BusyPolicy,
  code: BusyErrorCode,
): number {
  if (!isBusy(error)) throw error;
  if (attempt + 1 >= MIN_ATTEMPTS && Date.now() >= deadline) {
    throw gaveUp(operation, policy, code, error);
  }
  policy.onRetry?.();
  return pause(attempt);
}

/**
 * Run `fn`, retrying after a short pause while it fails with SQLITE_BUSY / SQLITE_LOCKED, so callers
 * never see those codes (after `timeoutMs` they get `code`). Other errors pass through.
 * Synchronous: for opening a database.
 */
export function retryBusySync<T>(
  operation: string,
  policy: BusyPolicy,
  code: BusyErrorCode,
  fn: () => T,
): T {
  const deadline = Date.now() + policy.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      Atomics.wait(sleeper, 0, 0, retryPause(error, attempt, deadline, operation, policy, code));
    }
  }
}

/** `retryBusySync` that waits without blocking the event loop. */
export async function retryBusy<T>(
  operation: string,
  policy: BusyPolicy,
  code: BusyErrorCode,
  fn: () => T,
): Promise<T> {
  const deadline = Date.now() + policy.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      const ms = retryPause(error, attempt, deadline, operation, policy, code);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}
