import type { SessionEvent } from '../../core/session-event.js';
import type { Telemetry } from '../../observability/telemetry.js';
import type { EventBus } from './event-bus.js';

/** Where events go once stored: subscribers (the bus) and telemetry. */
export interface StoredEventsSink {
  publish(sessionId: string, events: readonly SessionEvent[]): void;
}

/** A sink that publishes on `bus` and reports to `telemetry` (whose failures are ignored). */
export function storedEventsSink(bus: EventBus, telemetry: Telemetry): StoredEventsSink {
  return {
    publish(sessionId, events) {
      if (events.length === 0) return;
      bus.publish(sessionId, events);
      try {
        telemetry.eventsStored(events);
      } catch {
        // Telemetry must never break the manager.
      }
    },
  };
}
