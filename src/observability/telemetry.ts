import type { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';

/** What telemetry knows about a run when it starts. */
export interface RunTelemetryStart {
  readonly run: Run;
  readonly session: Session;
  readonly provider: string;
  readonly model: string | null;
}

/** The handle of one run's trace: end it exactly once. */
export interface RunTrace {
  /** The run reached a terminal status (`completed`, `cancelled`, `timeout`, or `failed`). */
  end(run: Run, error?: AgentSessionError): void;
}

/**
 * What the manager reports to. `createTelemetry()` (diagnostics_channel + OpenTelemetry) is the
 * default; `noopTelemetry` does nothing.
 */
export interface Telemetry {
  startRun(start: RunTelemetryStart): RunTrace;
  /** A batch of events was stored. */
  eventsStored(events: readonly SessionEvent[]): void;
}
