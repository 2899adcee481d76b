import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import { createTelemetry } from './create-telemetry.js';
import {
  EVENT_CHANNEL,
  publishStoredEvents,
  RUN_TRACING_CHANNEL,
  type RunTraceContext,
  type StoredEventsMessage,
  startRunDiagnostics,
} from './diagnostics.js';
import type { RunTelemetryStart } from './telemetry.js';

const session = Session.create({ agentId: 'bot' });
const started = Run.start(Run.create({ sessionId: session.id, input: 'secret prompt' }));
const start: RunTelemetryStart = { run: started, session, provider: 'mock', model: 'm-1' };

type Seen = [string, RunTraceContext, Partial<RunTraceContext>];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function listenRuns(): Seen[] {
  const seen: Seen[] = [];
  const record = (name: string) => (ctx: RunTraceContext) =>
    seen.push([name, ctx, { result: ctx.result, error: ctx.error }]);
  const handlers = {
    start: record('start'),
    end: record('end'),
    asyncStart: record('asyncStart'),
    asyncEnd: record('asyncEnd'),
    error: record('error'),
  };
  const channel = tracingChannel<unknown, RunTraceContext>(RUN_TRACING_CHANNEL);
  channel.subscribe(handlers);
  cleanups.push(() => channel.unsubscribe(handlers));
  return seen;
}

function listenEvents(): StoredEventsMessage[] {
  const seen: StoredEventsMessage[] = [];
  const handler = (message: unknown) => seen.push(message as StoredEventsMessage);
  subscribe(EVENT_CHANNEL, handler);
  cleanups.push(() => unsubscribe(EVENT_CHANNEL, handler));
  return seen;
}

describe('the run tracing channel', () => {
  it('traces a completed run: start and end at its start, asyncStart/asyncEnd at its end', () => {
    const seen = listenRuns();
    const trace = createTelemetry().startRun(start);
    expect(seen.map(([name]) => name)).toEqual(['start', 'end']);
    const ctx = seen[0]?.[1] as RunTraceContext;
    expect(ctx).toMatchObject({
      runId: started.id,
      sessionId: session.id,
      provider: 'mock',
      model: 'm-1',
      run: started,
      session,
    });
    const done = Run.complete(started, { content: 'ok', stopReason: 'end_turn', toolCalls: [] });
    trace.end(done);
    trace.end(done); // a second end is ignored
    expect(seen.map(([name]) => name)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(seen.every(([, c]) => c === ctx)).toBe(true);
    expect(seen[2]?.[2]).toEqual({ result: done, error: undefined });
  });

  it('publishes error with the failure before asyncStart for a failed run', () => {
    const seen = listenRuns();
    const trace = createTelemetry().startRun(start);
    const error = new AgentSessionError('provider_rate_limited', 'slow down');
    trace.end(Run.fail(started, { code: error.code, message: error.message }), error);
    expect(seen.map(([name]) => name)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(seen[2]?.[2].error).toBe(error);
  });

  it('builds the error of a timed-out run from the run, and none for a cancelled one', () => {
    const seen = listenRuns();
    createTelemetry().startRun(start).end(Run.timeout(started, 50));
    expect(seen.find(([name]) => name === 'error')?.[2].error).toMatchObject({
      code: 'timeout',
      message: 'run timed out after 50 ms',
    });
    seen.length = 0;
    const cancelled = Run.cancel(started, 'user');
    createTelemetry().startRun(start).end(cancelled, new AgentSessionError('cancelled', 'user'));
    expect(seen.map(([name]) => name)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
  });

  it('reads nothing of the run and builds no context while nobody listens', () => {
    const touched = vi.fn();
    const spy = new Proxy(start, {
      get(target, key, receiver) {
        touched(key);
        return Reflect.get(target, key, receiver);
      },
    });
    expect(startRunDiagnostics(spy)).toBeNull();
    expect(touched).not.toHaveBeenCalled();
    listenRuns();
    expect(startRunDiagnostics(spy)).toBeTypeOf('function');
    expect(touched).toHaveBeenCalled();
  });
});

describe('the event channel', () => {
  const events = [1, 2].map((seq) =>
    SessionEvent.create({
      type: 'message_streamed',
      sessionId: session.id,
      seq,
      data: { delta: `part ${seq}` },
    }),
  );

  it('receives each stored batch as { sessionId, events }', () => {
    const seen = listenEvents();
    createTelemetry().eventsStored(events);
    createTelemetry().eventsStored([]);
    expect(seen).toEqual([{ sessionId: session.id, events }]);
    expect(seen[0]?.events).toBe(events);
  });

  it('builds no message while nobody listens', () => {
    const touched = vi.fn();
    const spy = new Proxy(events, {
      get(target, key, receiver) {
        touched(key);
        return Reflect.get(target, key, receiver);
      },
    });
    expect(publishStoredEvents(spy)).toBe(false);
    expect(touched).not.toHaveBeenCalled();
    listenEvents();
    expect(publishStoredEvents(spy)).toBe(true);
  });
});
