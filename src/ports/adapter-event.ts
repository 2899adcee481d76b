import type { CanonicalEventData } from '../core/event-data.js';
import type { EventType } from '../core/event-types.js';

/** The event types an adapter may emit: all but the manager's lifecycle types (`run_*`, `session_*`). */
export type AdapterEventType = Exclude<EventType, `run_${string}` | `session_${string}`>;

/**
 * The `data` of an adapter event of type `T`: exactly the canonical keys of that type
 * (`error_recovered` and `turn_completed` are free-form). Provider extras go in `metadata`.
 */
export type AdapterEventData<T extends AdapterEventType> = T extends keyof CanonicalEventData
  ? Readonly<CanonicalEventData[T]>
  : Readonly<Record<string, unknown>>;

/**
 * What an adapter hands to `emit`: one canonical `{ type, data }` pair, so a payload that does not
 * fit its type does not compile. The manager adds the id, session, run, provider, timestamp and
 * `seq`, and stores it. It still checks every event at run time (adapters written in JavaScript):
 * a malformed one makes `emit` throw `validation_error`, and lifecycle events are dropped.
 *
 * @example
 * ```ts
 * const delta: AdapterEvent = { type: 'message_streamed', data: { delta: 'Hel' } };
 * const call: AdapterEvent = {
 *   type: 'tool_call_started',
 *   data: { toolCallId: 'c1', toolName: 'read_file', toolInput: { path: 'a.ts' } },
 *   metadata: { providerItemId: 'item_7' },
 * };
 * ```
 */
export type AdapterEvent = {
  readonly [T in AdapterEventType]: {
    readonly type: T;
    readonly data: AdapterEventData<T>;
    /** Provider extras (JSON), stored beside the canonical data. */
    readonly metadata?: Readonly<Record<string, unknown>>;
  };
}[AdapterEventType];

/**
 * Hands one event to the manager. Returns nothing while the manager keeps up; when its write buffer
 * is full it returns a promise that settles once there is room again: an adapter awaits it before
 * emitting more (backpressure), and emits nothing once the run's signal is aborted.
 */
export type Emit = (event: AdapterEvent) => undefined | Promise<void>;
