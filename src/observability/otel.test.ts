import { readFileSync } from 'node:fs';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import { createTelemetry } from './create-telemetry.js';
import { TRACER_NAME, TRACER_VERSION } from './otel.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const telemetry = createTelemetry({ tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION) });
afterEach(() => exporter.reset());

const session = Session.create({ agentId: 'reviewer' });
const started = Run.start(
  Run.create({ sessionId: session.id, input: 'PROMPT-TEXT api_key=sk-123' }),
);

function runOnce(end: Run, error?: AgentSessionError, model: string | null = 'claude-x') {
  telemetry.startRun({ run: started, session, provider: 'claude', model }).end(end, error);
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0] as NonNullable<(typeof spans)[0]>;
}

describe('run spans', () => {
  it('records one span per run with GenAI attributes, usage and cost', () => {
    let done = Run.addUsage(started, { inputTokens: 120, outputTokens: 30 }, 0.25);
    done = Run.complete(done, { content: 'OUTPUT-TEXT', stopReason: 'end_turn', toolCalls: [] });
    const span = runOnce(done);
    expect(span.name).toBe('invoke_agent claude');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.instrumentationScope).toMatchObject({ name: TRACER_NAME, version: TRACER_VERSION });
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'claude',
      'gen_ai.system': 'claude',
      'gen_ai.request.model': 'claude-x',
      'gen_ai.conversation.id': session.id,
      'gen_ai.agent.id': 'reviewer',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'agent_session.session_id': session.id,
      'agent_session.run_id': started.id,
      'agent_session.run_status': 'completed',
      'agent_session.turn_count': 0,
      'agent_session.cost_usd': 0.25,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks a failed run with error.type and status ERROR', () => {
    const error = new AgentSessionError('provider_authentication_failed', 'bad credentials');
    const span = runOnce(Run.fail(started, { code: error.code, message: error.message }), error);
    expect(span.attributes['error.type']).toBe('provider_authentication_failed');
    expect(span.attributes['agent_session.run_status']).toBe('failed');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad credentials' });
  });

  it('marks a timeout as an error from the stored run, a cancellation not', () => {
    const timedOut = runOnce(Run.timeout(started, 10));
    expect(timedOut.attributes['error.type']).toBe('timeout');
    expect(timedOut.status.code).toBe(SpanStatusCode.ERROR);
    exporter.reset();
    const cancelled = runOnce(Run.cancel(started, 'user'), undefined, null);
    expect(cancelled.attributes['error.type']).toBeUndefined();
    expect(cancelled.attributes['gen_ai.request.model']).toBeUndefined();
    expect(cancelled.attributes['agent_session.cost_usd']).toBeUndefined();
    expect(cancelled.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('never puts prompt or output content in attributes', () => {
    const done = Run.complete(started, { content: 'OUTPUT-TEXT', stopReason: null, toolCalls: [] });
    const text = JSON.stringify(runOnce(done).attributes);
    expect(text).not.toContain('PROMPT-TEXT');
    expect(text).not.toContain('sk-123');
    expect(text).not.toContain('OUTPUT-TEXT');
  });

  it('ends the span once however often end is called', () => {
    const trace = telemetry.startRun({ run: started, session, provider: 'claude', model: null });
    const done = Run.complete(started, { content: '', stopReason: null, toolCalls: [] });
    trace.end(done);
    trace.end(Run.fail(started, { code: 'internal_error', message: 'late' }));
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(exporter.getFinishedSpans()[0]?.attributes['agent_session.run_status']).toBe(
      'completed',
    );
  });

  it('names the tracer after the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(TRACER_VERSION).toBe(pkg.version);
  });
});
