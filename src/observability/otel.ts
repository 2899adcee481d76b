import {
  type Attributes,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import type { RunTelemetryStart } from './telemetry.js';

/** The instrumentation scope name of the package's tracer. */
export const TRACER_NAME = 'agent-session-manager';
/** The instrumentation scope version; a test keeps it equal to the package version. */
export const TRACER_VERSION = '0.1.0';

/** The tracer used when none is given: the global provider's, a no-op until an SDK registers one. */
export function defaultTracer(): Tracer {
  return trace.getTracer(TRACER_NAME, TRACER_VERSION);
}

/**
 * Start the span of one run: `invoke_agent <provider>`, kind INTERNAL, a child of the active
 * context. Attributes follow the OpenTelemetry GenAI semantic conventions plus `agent_session.*`;
 * they never carry prompt or output content.
 */
export function startRunSpan(tracer: Tracer, start: RunTelemetryStart): Span {
  const attributes: Attributes = {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.provider.name': start.provider,
    'gen_ai.system': start.provider,
    'gen_ai.conversation.id': start.session.id,
    'gen_ai.agent.id': start.session.agentId,
    'agent_session.session_id': start.session.id,
    'agent_session.run_id': start.run.id,
  };
  if (start.model !== null) attributes['gen_ai.request.model'] = start.model;
  return tracer.startSpan(`invoke_agent ${start.provider}`, {
    kind: SpanKind.INTERNAL,
    attributes,
  });
}

/**
 * Record the run's outcome on its span and end it: usage, cost, status; on failure or timeout,
 * `error.type` (the error code) and status ERROR with the error's message.
 */
export function endRunSpan(span: Span, run: Run, failure: AgentSessionError | undefined): void {
  if (span.isRecording()) {
    const attributes: Attributes = {
      'agent_session.run_status': run.status,
      'agent_session.turn_count': run.turnCount,
      'gen_ai.usage.input_tokens': run.tokenUsage.inputTokens,
      'gen_ai.usage.output_tokens': run.tokenUsage.outputTokens,
    };
    if (run.costUsd !== null) attributes['agent_session.cost_usd'] = run.costUsd;
    const stopReason = run.output?.stopReason;
    if (stopReason) attributes['gen_ai.response.finish_reasons'] = [stopReason];
    if (failure !== undefined) attributes['error.type'] = failure.code;
    span.setAttributes(attributes);
    if (failure !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  span.end();
}
