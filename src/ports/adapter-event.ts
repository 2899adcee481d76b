import type { EventType } from '../core/event-types.js';

/**
 * What an adapter hands to `emit`: a canonical event type and its data (DESIGN §4 shapes, e.g.
 * `{ type: 'message_streamed', data: { delta: 'Hel' } }`). The manager adds the id, session, run,
 * provider, timestamp and `seq`, and stores it. Lifecycle types (`run_*`, `session_*`) belong to
 * the manager: an adapter's own lifecycle events are dropped, so every run has exactly one start
 * and one end.
 */
export interface AdapterEvent {
  readonly type: EventType;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Hands one event to the manager. Returns nothing while the manager keeps up; when its write buffer
 * is full it returns a promise that settles once there is room again — adapters that `await` it get
 * backpressure, and must stop emitting once the run's signal is aborted.
 */
export type Emit = (event: AdapterEvent) => undefined | Promise<void>;
