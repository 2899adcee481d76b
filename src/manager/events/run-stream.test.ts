import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { EventType } from '../../core/event-types.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { EventBus } from './event-bus.js';
import { createRunStream } from './run-stream.js';
import { subscribe } from './subscription.js';

async function setup() {
  const store = new InMemorySessionStore();
  const bus = new EventBus();
  const { id: sessionId } = await store.saveSession(Session.create({ agentId: 'agent' }));
  const append = async (type: EventType, runId: string, data: Record<string, unknown>) => {
    const stored = await store.appendEvents(sessionId, [
      SessionEvent.create({ type, sessionId, runId, data }),
    ]);
    bus.publish(sessionId, stored);
  };
  const runSubscription = (runId: string) =>
    subscribe({ store, bus }, sessionId, { runId, untilTerminalOf: runId });
  return { bus, sessionId, append, runSubscription };
}

const started = { provider: 'mock', model: null, providerSessionId: null };
const completed = { stopReason: 'end_turn', tokenUsage: {}, costUsd: null };

describe('createRunStream', () => {
  it('yields the run’s events up to its terminal event and exposes the result', async () => {
    const { bus, sessionId, append, runSubscription } = await setup();
    let finish: (value: string) => void = () => {};
    const result = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const stream = createRunStream(runSubscription('run_a'), result);
    const types: string[] = [];
    const loop = (async () => {
      for await (const event of stream) types.push(event.type);
    })();
    await append('run_started', 'run_a', started);
    await append('message_streamed', 'run_b', { delta: 'other run' });
    await append('message_streamed', 'run_a', { delta: 'hi' });
    await append('run_completed', 'run_a', completed);
    finish('done');
    await append('message_streamed', 'run_a', { delta: 'late' });
    await loop;
    expect(types).toEqual(['run_started', 'message_streamed', 'run_completed']);
    expect(await stream.result).toBe('done');
    expect(bus.listenerCount(sessionId)).toBe(0);
  });

  it('throws the result’s error when it rejects before a terminal event', async () => {
    const { bus, sessionId, append, runSubscription } = await setup();
    let fail: (error: unknown) => void = () => {};
    const result = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const stream = createRunStream(runSubscription('run_a'), result);
    await append('run_started', 'run_a', started);
    const seen: string[] = [];
    const loop = (async () => {
      for await (const event of stream) {
        seen.push(event.type);
        fail(new AgentSessionError('max_runs_exceeded', 'no slot for run run_a'));
      }
    })();
    const error = await loop.catch((e: unknown) => e);
    expect(seen).toEqual(['run_started']);
    expect(AgentSessionError.isInstance(error) && error.code).toBe('max_runs_exceeded');
    expect(bus.listenerCount(sessionId)).toBe(0);
    await expect(stream.result).rejects.toThrow('no slot');
  });

  it('a rejection that is only iterated does not go unhandled, and break closes', async () => {
    const { bus, sessionId, append, runSubscription } = await setup();
    const stream = createRunStream(
      runSubscription('run_a'),
      Promise.reject(new AgentSessionError('run_not_found', 'run run_a not found')),
    );
    await append('run_started', 'run_a', started);
    const error = await (async () => {
      for await (const _ of stream) break;
    })().catch((e: unknown) => e);
    expect(AgentSessionError.isInstance(error) && error.code).toBe('run_not_found');
    expect(bus.listenerCount(sessionId)).toBe(0);

    const open = createRunStream(runSubscription('run_b'), new Promise<void>(() => {}));
    await append('run_started', 'run_b', started);
    for await (const event of open) {
      expect(event.type).toBe('run_started');
      break;
    }
    expect(bus.listenerCount(sessionId)).toBe(0);
  });
});
