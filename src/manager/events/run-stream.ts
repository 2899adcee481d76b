import { TERMINAL_RUN_EVENT_TYPES } from '../../core/event-types.js';
import type { SessionEvent } from '../../core/session-event.js';
import type { Subscription } from './subscription.js';

/** A run's events as they are stored, ending with its terminal event, and its result. */
export interface RunStream<R> extends AsyncIterable<SessionEvent> {
  /** Settles when the run has ended. */
  readonly result: Promise<R>;
}

const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set(TERMINAL_RUN_EVENT_TYPES);

/**
 * Wraps a run's subscription (made with `runId` and `untilTerminalOf` set to the run) and the
 * promise of its result. Iteration yields the subscription's events and ends after the first
 * terminal run event; when `result` rejects before one arrives, iteration throws that error.
 * Breaking out of the loop closes the subscription. A rejection of `result` counts as handled:
 * iterate or await `result` to see it.
 *
 * @example
 * ```ts
 * const subscription = subscribe({ store, bus }, run.sessionId, { runId: run.id, untilTerminalOf: run.id });
 * const stream = createRunStream(subscription, executeRun(run.id));
 * for await (const event of stream) console.log(event.type);
 * const result = await stream.result;
 * ```
 */
export function createRunStream<R>(subscription: Subscription, result: Promise<R>): RunStream<R> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let failure: unknown;
  // One callback slot rather than a race per event: a long run must not pile up reactions.
  let onFailure: ((error: unknown) => void) | null = null;
  result.then(
    () => {
      state = 'resolved';
    },
    (error: unknown) => {
      state = 'rejected';
      failure = error;
      onFailure?.(error);
    },
  );
  return {
    result,
    [Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
      const events = subscription[Symbol.asyncIterator]();
      let ended = false;
      const finish = (): IteratorResult<SessionEvent> => {
        ended = true;
        subscription.close();
        return { done: true, value: undefined };
      };
      const step = async (): Promise<IteratorResult<SessionEvent>> => {
        const next = events.next();
        if (state === 'resolved') return next;
        try {
          return await new Promise<IteratorResult<SessionEvent>>((resolve, reject) => {
            onFailure = reject;
            next.then(resolve, reject);
          });
        } finally {
          onFailure = null;
        }
      };
      return {
        async next() {
          if (ended) return { done: true, value: undefined };
          if (state === 'rejected') {
            finish();
            throw failure;
          }
          let item: IteratorResult<SessionEvent>;
          try {
            item = await step();
          } catch (error) {
            finish();
            throw error;
          }
          if (item.done) return finish();
          if (TERMINAL_RUN_EVENTS.has(item.value.type)) {
            ended = true;
            subscription.close();
          }
          return item;
        },
        async return() {
          return finish();
        },
      };
    },
  };
}
