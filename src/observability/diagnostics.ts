import { channel, tracingChannel } from 'node:diagnostics_channel';
import type { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { RunTelemetryStart } from './telemetry.js';

/**
 * Name of the `diagnostics_channel` tracing channel of runs. The events follow the shape of
 * `tracingChannel.tracePromise`, with one context object ({@link RunTraceContext}) per run:
 * `start` and `end` bracket the moment the run starts; when it reaches a terminal status, `error`
 * (only for `failed` and `timeout`, with `context.error`) and then `asyncStart` / `asyncEnd` (with
 * `context.result`, the terminal run) follow. A run started while nobody listened is not traced.
 *
 * @example
 * ```ts
 * import { tracingChannel } from 'node:diagnostics_channel';
 * import { RUN_TRACING_CHANNEL, type RunTraceContext } from 'agent-session-manager';
 *
 * tracingChannel<unknown, RunTraceContext>(RUN_TRACING_CHANNEL).subscribe({
 *   start: (ctx) => console.log('run started', ctx.runId),
 *   end: () => {},
 *   asyncStart: (ctx) => console.log('run ended', ctx.runId, ctx.result?.status),
 *   asyncEnd: () => {},
 *   error: (ctx) => console.log('run failed', ctx.error?.code),
 * });
 * ```
 */
export const RUN_TRACING_CHANNEL = 'agent-session-manager:run';

/**
 * Name of the `diagnostics_channel` channel that receives every batch of stored events, as
 * {@link StoredEventsMessage} `{ sessionId, events }`, right after the store acknowledged it.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * import { EVENT_CHANNEL, type StoredEventsMessage } from 'agent-session-manager';
 *
 * subscribe(EVENT_CHANNEL, (message) => {
 *   for (const event of (message as StoredEventsMessage).events) console.log(event.seq, event.type);
 * });
 * ```
 */
export const EVENT_CHANNEL = 'agent-session-manager:event';

/**
 * The context object of one run on {@link RUN_TRACING_CHANNEL}; the same object for all its events.
 * Under a `SessionManager` with `secrets`, every value in it (run, session, model, error) is
 * already redacted.
 */
export interface RunTraceContext {
  readonly runId: string;
  readonly sessionId: string;
  readonly provider: string;
  readonly model: string | null;
  /** The run as it started. */
  readonly run: Run;
  readonly session: Session;
  /** The run in its terminal status; set before `asyncStart`. */
  result?: Run;
  /** Why the run failed or timed out; set before `error`. */
  error?: AgentSessionError;
}

/** A message of {@link EVENT_CHANNEL}: one batch of one session, in `seq` order. */
export interface StoredEventsMessage {
  readonly sessionId: string;
  readonly events: readonly SessionEvent[];
}

const runChannel = tracingChannel<unknown, RunTraceContext>(RUN_TRACING_CHANNEL);
const eventChannel = channel(EVENT_CHANNEL);

// `TracingChannel.hasSubscribers` only exists from Node 20.13, so ask the five channels.
function runHasSubscribers(): boolean {
  return (
    runChannel.start.hasSubscribers ||
    runChannel.end.hasSubscribers ||
    runChannel.asyncStart.hasSubscribers ||
    runChannel.asyncEnd.hasSubscribers ||
    runChannel.error.hasSubscribers
  );
}

/** Ends one run's diagnostics trace. */
export type RunDiagnosticsEnd = (run: Run, error: AgentSessionError | undefined) => void;

/**
 * Publish `start` and `end` of a run on {@link RUN_TRACING_CHANNEL} and return the function that
 * publishes its terminal events, or null (building nothing) when nobody listens.
 */
export function startRunDiagnostics(start: RunTelemetryStart): RunDiagnosticsEnd | null {
  if (!runHasSubscribers()) return null;
  const context: RunTraceContext = {
    runId: start.run.id,
    sessionId: start.session.id,
    provider: start.provider,
    model: start.model,
    run: start.run,
    session: start.session,
  };
  runChannel.start.publish(context);
  runChannel.end.publish(context);
  return (run, error) => {
    context.result = run;
    if (error !== undefined) {
      context.error = error;
      runChannel.error.publish(context);
    }
    runChannel.asyncStart.publish(context);
    runChannel.asyncEnd.publish(context);
  };
}

/** Publish a stored batch on {@link EVENT_CHANNEL}; returns whether anybody listened. */
export function publishStoredEvents(events: readonly SessionEvent[]): boolean {
  if (!eventChannel.hasSubscribers || events.length === 0) return false;
  const message: StoredEventsMessage = { sessionId: (events[0] as SessionEvent).sessionId, events };
  eventChannel.publish(message);
  return true;
}
