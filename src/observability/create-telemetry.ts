import type { Span, Tracer } from '@opentelemetry/api';
import type { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import { expectObject, invalid } from '../core/validate.js';
import { publishStoredEvents, type RunDiagnosticsEnd, startRunDiagnostics } from './diagnostics.js';
import { defaultTracer, endRunSpan, startRunSpan } from './otel.js';
import { runFailure } from './run-failure.js';
import type { RunTelemetryStart, RunTrace, Telemetry } from './telemetry.js';

/** Options of {@link createTelemetry}. */
export interface CreateTelemetryOptions {
  /** Where run spans go; default `trace.getTracer('agent-session-manager', version)`. */
  tracer?: Tracer;
}

const NOOP_TRACE: RunTrace = Object.freeze({ end() {} });

/**
 * Telemetry that does nothing: no channel messages, no spans. Pass it (or `telemetry: false`) to
 * the manager to switch telemetry off.
 *
 * @example
 * ```ts
 * const manager = new SessionManager({ adapter, telemetry: noopTelemetry });
 * ```
 */
export const noopTelemetry: Telemetry = Object.freeze({
  startRun: () => NOOP_TRACE,
  eventsStored() {},
});

// Telemetry must never break a run: a throwing tracer is ignored.
function guarded<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}

class RunTraceHandle implements RunTrace {
  #ended = false;
  readonly #span: Span | undefined;
  readonly #diagnostics: RunDiagnosticsEnd | null;

  constructor(span: Span | undefined, diagnostics: RunDiagnosticsEnd | null) {
    this.#span = span;
    this.#diagnostics = diagnostics;
  }

  end(run: Run, error?: AgentSessionError): void {
    if (this.#ended) return;
    this.#ended = true;
    const failure = runFailure(run, error);
    const span = this.#span;
    if (span !== undefined) guarded(() => endRunSpan(span, run, failure));
    this.#diagnostics?.(run, failure);
  }
}

/**
 * The default telemetry of the manager: runs traced on the `diagnostics_channel` tracing channel
 * `RUN_TRACING_CHANNEL` and as OpenTelemetry spans, stored event batches published on
 * `EVENT_CHANNEL`. Costs next to nothing while no channel has a subscriber and no OpenTelemetry
 * SDK is registered. A trace's `end` acts once; later calls are ignored.
 *
 * @example
 * ```ts
 * const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
 * const manager = new SessionManager({
 *   adapter,
 *   telemetry: createTelemetry({ tracer: provider.getTracer('my-app') }),
 * });
 * ```
 */
export function createTelemetry(options?: CreateTelemetryOptions): Telemetry {
  const o = options === undefined ? {} : expectObject(options, 'options');
  if (o.tracer !== undefined) {
    const t = o.tracer as Partial<Tracer> | null;
    if (typeof t !== 'object' || t === null || typeof t.startSpan !== 'function') {
      invalid('options.tracer', 'must be an OpenTelemetry Tracer (with startSpan)');
    }
  }
  const tracer = (o.tracer as Tracer | undefined) ?? defaultTracer();
  return {
    startRun(start: RunTelemetryStart): RunTrace {
      const span = guarded(() => startRunSpan(tracer, start));
      return new RunTraceHandle(span, startRunDiagnostics(start));
    },
    eventsStored(events) {
      publishStoredEvents(events);
    },
  };
}
