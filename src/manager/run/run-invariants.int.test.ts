import { describe, expect, it } from 'vitest';
import {
  aborted,
  expectRunInvariants,
  never,
  reply,
  STORE_FACTORIES,
  testAdapter,
  until,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';

describe.each(STORE_FACTORIES)('run invariants on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  const manager = scope.manager;

  async function runWith(adapter: ProviderAdapter, input = 'hello', opts = {}) {
    const m = manager(adapter);
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, input);
    const result = await m.executeRun(run.id, opts);
    const checked = await expectRunInvariants(scope.store, run.id);
    expect(result.status).toBe(checked.run.status);
    return { m, session, result, ...checked };
  }

  it('a well-behaved run: started, sent, streamed, received, completed', async () => {
    const { result, events, run } = await runWith(
      testAdapter(async ({ emit }) => {
        emit({ type: 'message_streamed', data: { delta: 'Hi' } });
        emit({ type: 'message_received', data: { role: 'assistant', content: 'Hi' } });
        return reply('Hi');
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'run_started',
      'message_sent',
      'message_streamed',
      'message_received',
      'run_completed',
    ]);
    expect(events[1]?.data).toEqual({ role: 'user', content: 'hello' });
    expect(events[0]?.data).toEqual({
      provider: 'test',
      model: 'test-model',
      providerSessionId: null,
    });
    expect(run.status).toBe('completed');
    expect(run.output?.content).toBe('Hi');
    expect(run.tokenUsage.totalTokens).toBe(8);
    expect(run.costUsd).toBe(0.01);
    expect(run.owner).toEqual(expect.any(String));
    expect(events.at(-1)?.data).toMatchObject({ stopReason: 'end_turn', costUsd: 0.01 });
    expect(result.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(result.output?.content).toBe('Hi');
    expect(result.error).toBeNull();
  });

  it('drops the adapter’s own lifecycle events', async () => {
    const { events } = await runWith(
      testAdapter(async ({ emit: typedEmit, run }) => {
        // A misbehaving (untyped) adapter: lifecycle types are not AdapterEvents.
        const emit = typedEmit as (event: unknown) => unknown;
        emit({
          type: 'run_started',
          data: { provider: 'x', model: null, providerSessionId: null },
        });
        emit({ type: 'session_completed', data: {} });
        emit({ type: 'message_streamed', data: { delta: 'a' } });
        emit({ type: 'run_completed', data: { stopReason: null, tokenUsage: {}, costUsd: null } });
        emit({ type: 'run_failed', data: { errorCode: 'provider_error', errorMessage: run.id } });
        return reply('a');
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'run_started',
      'message_sent',
      'message_streamed',
      'message_received',
      'run_completed',
    ]);
  });

  it('an adapter that emits nothing still gets message_received from its output', async () => {
    const { events } = await runWith(testAdapter(async () => reply('quiet')));
    expect(events.map((e) => e.type)).toEqual([
      'run_started',
      'message_sent',
      'message_received',
      'run_completed',
    ]);
    expect(events[2]?.data).toEqual({ role: 'assistant', content: 'quiet' });
  });

  it('events emitted after the run finished are dropped', async () => {
    let late: (() => void) | undefined;
    const { events, session, m } = await runWith(
      testAdapter(async ({ emit }) => {
        late = () => emit({ type: 'message_streamed', data: { delta: 'late' } });
        return reply('done');
      }),
    );
    late?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(await m.getEvents(session.id, { runId: events[0]?.runId as string })).toHaveLength(
      events.length,
    );
    expect(events.some((e) => e.data.delta === 'late')).toBe(false);
  });

  it('an AgentSessionError thrown by the adapter fails the run with its code; earlier events are kept', async () => {
    const { run, events, result } = await runWith(
      testAdapter(async ({ emit }) => {
        emit({ type: 'message_streamed', data: { delta: 'partial' } });
        await new Promise((r) => setTimeout(r, 1));
        throw new AgentSessionError('provider_rate_limited', 'slow down');
      }),
    );
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({ code: 'provider_rate_limited', message: 'slow down' });
    expect(events.map((e) => e.type)).toEqual([
      'run_started',
      'message_sent',
      'message_streamed',
      'run_failed',
    ]);
    expect(events.at(-1)?.data).toEqual({
      errorCode: 'provider_rate_limited',
      errorMessage: 'slow down',
    });
    expect(result.error?.code).toBe('provider_rate_limited');
    expect(result.error?.retryable).toBe(true);
  });

  it('a raw TypeError becomes provider_error (not retryable) with the cause kept', async () => {
    const boom = new TypeError('undefined is not a function');
    const { run, result } = await runWith(
      testAdapter(async () => {
        throw boom;
      }),
    );
    expect(run.error?.code).toBe('provider_error');
    expect(run.error?.message).toContain('undefined is not a function');
    expect(result.error).toBeInstanceOf(AgentSessionError);
    expect(result.error?.retryable).toBe(false);
    expect(result.error?.cause).toBe(boom);
  });

  it('an adapter that throws synchronously or returns garbage fails the run', async () => {
    const sync: ProviderAdapter = {
      ...testAdapter(async () => reply('x')),
      execute: (() => {
        throw new Error('sync');
      }) as ProviderAdapter['execute'],
    };
    expect((await runWith(sync)).run.error?.code).toBe('provider_error');
    const garbage = testAdapter(async () => ({ output: 42 }) as never);
    expect((await runWith(garbage)).run.error?.code).toBe('provider_error');
  });

  it('an invalid emitted event throws into the adapter', async () => {
    let thrown: unknown;
    await runWith(
      testAdapter(async ({ emit }) => {
        try {
          // @ts-expect-error a wrong payload is also a compile error
          emit({ type: 'message_streamed', data: { wrong: 1 } });
        } catch (error) {
          thrown = error;
        }
        return reply('ok');
      }),
    );
    expect(AgentSessionError.isInstance(thrown) && thrown.code).toBe('validation_error');
  });

  it('an adapter that hangs ignoring abort: cancel and timeout still end the run promptly', async () => {
    const hang = testAdapter(async ({ emit }) => {
      emit({ type: 'message_streamed', data: { delta: 'x' } });
      return never();
    });
    const m = manager(hang, { abortGraceMs: 20 });
    const session = await m.startSession({ agentId: 'a' });
    const r1 = await m.startRun(session.id, 'one');
    const t0 = Date.now();
    const timed = await m.executeRun(r1.id, { timeoutMs: 30 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(timed.status).toBe('timeout');
    const { events: e1, run: s1 } = await expectRunInvariants(scope.store, r1.id);
    expect(s1.error?.code).toBe('timeout');
    expect(e1.at(-1)?.data).toEqual({ timeoutMs: 30 });
    expect(e1.map((e) => e.type)).toContain('message_streamed');

    const r2 = await m.startRun(session.id, 'two');
    const controller = new AbortController();
    const pending = m.executeRun(r2.id, { signal: controller.signal });
    // The session's next run starts once the grace time for the first adapter has passed.
    await until(async () => (await m.getRun(r2.id)).status === 'running');
    controller.abort('user pressed stop');
    const cancelled = await pending;
    expect(cancelled.status).toBe('cancelled');
    const { events: e2 } = await expectRunInvariants(scope.store, r2.id);
    expect(e2.at(-1)?.data).toEqual({ reason: 'user pressed stop' });
  });

  it('a well-behaved adapter sees the abort signal on cancelRun', async () => {
    let sawAbort = false;
    const m = manager(
      testAdapter(async ({ signal }) => {
        await aborted(signal);
        sawAbort = true;
        throw new AgentSessionError('cancelled', 'stopped');
      }),
    );
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, 'x');
    const result = m.executeRun(run.id);
    await new Promise((r) => setTimeout(r, 10));
    const cancelled = await m.cancelRun(run.id, 'no longer needed');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error).toEqual({ code: 'cancelled', message: 'no longer needed' });
    expect((await result).status).toBe('cancelled');
    expect(sawAbort).toBe(true);
    await expectRunInvariants(scope.store, run.id);
  });

  it('continuity: the next run gets the providerSessionId, transcript and previous state', async () => {
    const seen: unknown[] = [];
    const m = manager(
      testAdapter(async ({ providerSessionId, transcript, previousState, run }) => {
        seen.push({ providerSessionId, transcript, previousState });
        return reply(`answer ${seen.length}`, {
          providerSessionId: 'conv-1',
          state: { total: seen.length, run: run.id },
        });
      }),
    );
    const session = await m.startSession({ agentId: 'a' });
    const first = await m.startRun(session.id, 'question 1');
    await m.executeRun(first.id);
    const second = await m.startRun(session.id, 'question 2');
    await m.executeRun(second.id);
    expect(seen[0]).toEqual({ providerSessionId: null, transcript: [], previousState: null });
    expect(seen[1]).toEqual({
      providerSessionId: 'conv-1',
      transcript: [
        { role: 'user', content: 'question 1' },
        { role: 'assistant', content: 'answer 1' },
      ],
      previousState: { total: 1, run: first.id },
    });
    expect((await m.getSession(session.id)).providerSessionId).toBe('conv-1');
    const started = await m.getEvents(session.id, { runId: second.id, types: ['run_started'] });
    expect(started[0]?.data.providerSessionId).toBe('conv-1');
  });

  it('secrets never appear in stored events, runs or errors', async () => {
    const secret = 'sk-test-SECRET-1234567890';
    const m = manager(
      testAdapter(async ({ emit, run }) => {
        emit({
          type: 'message_streamed',
          data: { delta: `key=${secret}` },
          metadata: { auth: secret },
        });
        emit({
          type: 'tool_call_started',
          data: { toolCallId: 't', toolName: 'env', toolInput: { [secret]: [secret] } },
        });
        if (String(run.input).includes('fail')) throw new Error(`401 for key ${secret}`);
        if (String(run.input).includes('agent')) {
          throw new AgentSessionError('provider_authentication_failed', `bad key ${secret}`, {
            details: { key: secret },
          });
        }
        return reply(`echo ${secret}`);
      }),
      { secrets: [secret] },
    );
    const session = await m.startSession({ agentId: 'a', metadata: { note: 'n' } });
    const results = [];
    for (const input of [`ok ${secret}`, 'fail', 'agent']) {
      const run = await m.startRun(session.id, input);
      results.push(await m.executeRun(run.id));
    }
    expect(results.map((r) => r.status)).toEqual(['completed', 'failed', 'failed']);
    const events = await m.getEvents(session.id);
    const runs = (await m.listRuns(session.id)).items;
    const dump = JSON.stringify({
      events,
      runs,
      errors: results.map((r) => r.error && { ...r.error.toJSON(), stack: r.error.stack }),
    });
    expect(dump).not.toContain(secret);
    expect(dump).toContain('[redacted]');
  });
});
