import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import type { Tracer } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import { createTelemetry, noopTelemetry } from './create-telemetry.js';
import { EVENT_CHANNEL, RUN_TRACING_CHANNEL } from './diagnostics.js';

const session = Session.create({ agentId: 'bot' });
const started = Run.start(Run.create({ sessionId: session.id, input: 'hi' }));
const start = { run: started, session, provider: 'mock', model: null };
const done = Run.complete(started, { content: 'ok', stopReason: null, toolCalls: [] });

describe('createTelemetry', () => {
  it('works without an OpenTelemetry SDK (the global tracer is a no-op)', () => {
    const telemetry = createTelemetry();
    expect(() => telemetry.startRun(start).end(done)).not.toThrow();
    expect(() => telemetry.eventsStored([])).not.toThrow();
  });

  it('rejects options that are not an object and a tracer without startSpan', () => {
    expect(() => createTelemetry(42 as never)).toThrow(/options must be a plain object/);
    try {
      createTelemetry({ tracer: {} as Tracer });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AgentSessionError);
      expect(error).toMatchObject({
        code: 'validation_error',
        details: { field: 'options.tracer' },
      });
    }
  });

  it('never lets a throwing tracer break a run', () => {
    const tracer = {
      startSpan() {
        throw new Error('exporter down');
      },
    } as unknown as Tracer;
    const trace = createTelemetry({ tracer }).startRun(start);
    expect(() => trace.end(done)).not.toThrow();
  });
});

describe('noopTelemetry', () => {
  it('publishes nothing, even with subscribers on both channels', () => {
    const seen: string[] = [];
    const onEvent = () => seen.push('event');
    const handlers = {
      start: () => seen.push('start'),
      end: () => seen.push('end'),
      asyncStart: () => seen.push('asyncStart'),
      asyncEnd: () => seen.push('asyncEnd'),
      error: () => seen.push('error'),
    };
    const runs = tracingChannel(RUN_TRACING_CHANNEL);
    runs.subscribe(handlers);
    subscribe(EVENT_CHANNEL, onEvent);
    try {
      const trace = noopTelemetry.startRun(start);
      trace.end(Run.fail(started, { code: 'internal_error', message: 'x' }));
      noopTelemetry.eventsStored([
        SessionEvent.create({ type: 'session_created', sessionId: session.id }),
      ]);
      expect(seen).toEqual([]);
      createTelemetry().startRun(start).end(done);
      expect(seen).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    } finally {
      runs.unsubscribe(handlers);
      unsubscribe(EVENT_CHANNEL, onEvent);
    }
    expect(Object.isFrozen(noopTelemetry)).toBe(true);
  });
});
