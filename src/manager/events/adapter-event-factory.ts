import {
  buildRunEvent,
  checkRunEventSource,
  type RunEventSource,
  type SessionEvent,
} from '../../core/session-event.js';
import { expectObject } from '../../core/validate.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { SecretRedactor } from '../secret-redactor.js';

/** Whether a type belongs to the manager (`run_*`, `session_*`): adapters' ones are dropped. */
export function isLifecycleType(type: string): boolean {
  return type.startsWith('run_') || type.startsWith('session_');
}

/**
 * Turns what an adapter emits into a validated, redacted `SessionEvent` of one run. Bad input
 * (unknown type, data that is not a JSON object, missing canonical keys) throws `validation_error`
 * / `invalid_event_type` into the adapter's `emit` call.
 */
export class AdapterEventFactory {
  readonly #source: RunEventSource;
  readonly #redactor: SecretRedactor;

  constructor(sessionId: string, runId: string, provider: string, redactor: SecretRedactor) {
    this.#source = checkRunEventSource({ sessionId, runId, provider });
    this.#redactor = redactor;
  }

  /** The event to store (its `seq` is 0 until the store assigns one). */
  build(event: AdapterEvent): SessionEvent {
    const e = expectObject(event, 'event');
    const redactor = this.#redactor;
    return buildRunEvent(
      this.#source,
      e.type,
      redactor.data(e.data, 'event.data'),
      e.metadata === undefined ? undefined : redactor.data(e.metadata, 'event.metadata'),
      0,
    );
  }
}
