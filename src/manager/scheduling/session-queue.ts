import { AgentSessionError } from '../../core/agent-session-error.js';

interface Lane {
  tail: Promise<void>;
  size: number;
}

/**
 * Per-session FIFO: tasks of one session run one at a time, in the order they were queued; tasks
 * of different sessions run independently. A task whose wait is aborted leaves the queue without
 * letting later tasks overtake the one still running.
 */
export class SessionQueue {
  readonly #lanes = new Map<string, Lane>();
  readonly #onDrain: (sessionId: string) => void;

  /** `onDrain` is called when a session's last queued task has finished. */
  constructor(onDrain: (sessionId: string) => void) {
    this.#onDrain = onDrain;
  }

  /** How many tasks of the session are queued or running. */
  size(sessionId: string): number {
    return this.#lanes.get(sessionId)?.size ?? 0;
  }

  /** Run `task` after the session's earlier tasks; an abort while waiting rejects with `cancelled`. */
  async run<T>(sessionId: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let lane = this.#lanes.get(sessionId);
    if (lane === undefined) {
      lane = { tail: Promise.resolve(), size: 0 };
      this.#lanes.set(sessionId, lane);
    }
    lane.size++;
    const previous = lane.tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    // The next task waits for this one and every one before it, even if this one leaves early.
    lane.tail = previous.then(() => mine);
    try {
      await waitUnlessAborted(previous, signal);
      return await task();
    } finally {
      done();
      lane.size--;
      if (lane.size === 0 && this.#lanes.get(sessionId) === lane) {
        this.#lanes.delete(sessionId);
        this.#onDrain(sessionId);
      }
    }
  }
}

function waitUnlessAborted(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(queuedCancelled());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(queuedCancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function queuedCancelled(): AgentSessionError {
  return new AgentSessionError('cancelled', 'run was cancelled while queued behind the session');
}
