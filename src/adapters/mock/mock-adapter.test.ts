import { describe, expect, it, vi } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { AdapterResult, TranscriptMessage } from '../../ports/adapter-execution.js';
import type { RunControlHandlers } from '../../ports/adapter-run-control.js';
import { MockAdapter } from './mock-adapter.js';
import type { MockAdapterOptions } from './mock-options.js';

const session = Session.transition(Session.create({ agentId: 'tester' }), 'active');

interface Call {
  run: Run;
  events: AdapterEvent[];
  promise: Promise<AdapterResult>;
  /** What the run registered on `request.control`. */
  control: RunControlHandlers;
}

function start(
  adapter: MockAdapter,
  prompt = 'hi',
  extra: {
    signal?: AbortSignal;
    transcript?: TranscriptMessage[];
    providerSessionId?: string | null;
    onEvent?: (event: AdapterEvent) => void;
    ses?: Session;
  } = {},
): Call {
  const ses = extra.ses ?? session;
  const run = Run.start(Run.create({ sessionId: ses.id, input: prompt }));
  const events: AdapterEvent[] = [];
  const control: { -readonly [K in keyof RunControlHandlers]: RunControlHandlers[K] } = {};
  const promise = adapter.execute({
    run,
    session: ses,
    providerSessionId: extra.providerSessionId ?? null,
    transcript: extra.transcript ?? [],
    previousState: null,
    signal: extra.signal ?? new AbortController().signal,
    emit: (event) => {
      events.push(event);
      extra.onEvent?.(event);
      return undefined;
    },
    control: { register: (handlers) => Object.assign(control, handlers) },
    providerFile: { load: async () => null, save: async () => undefined },
  });
  return { run, events, promise, control };
}

async function execute(options: MockAdapterOptions, prompt = 'hi') {
  const call = start(new MockAdapter(options), prompt);
  return { result: await call.promise, events: call.events };
}

const deltas = (events: AdapterEvent[]) =>
  events.flatMap((e) => (e.type === 'message_streamed' ? [e.data.delta] : []));

async function rejection(promise: Promise<unknown>): Promise<AgentSessionError> {
  const error = await promise.then(
    () => expect.unreachable('resolved'),
    (e: unknown) => e,
  );
  expect(AgentSessionError.isInstance(error)).toBe(true);
  return error as AgentSessionError;
}

describe('MockAdapter', () => {
  it('answers by default with the turn number and the prompt, in 8-character deltas', async () => {
    const { result, events } = await execute({}, 'What is 2+2?');
    const text = 'Mock answer #1 to: "What is 2+2?"';
    expect(result.output).toEqual({ content: text, stopReason: 'end_turn', toolCalls: [] });
    expect(deltas(events)).toEqual(text.match(/.{1,8}/g));
    expect(events.map((e) => e.type).slice(-3)).toEqual([
      'message_received',
      'token_usage_updated',
      'turn_completed',
    ]);
    expect(events.at(-3)?.data).toEqual({ role: 'assistant', content: text });
    expect(events.at(-1)?.data).toEqual({ turn: 1 });
    expect(result.providerSessionId).toBe(`mock_${session.id}`);
    expect(result.model).toBe('mock-model');
    expect(result.state).toEqual({ turns: 1 });
  });

  it('computes usage from text lengths, with overrides, and reports cost and model', async () => {
    const { result, events } = await execute(
      { reply: '12345678', usage: { cacheReadInputTokens: 7 }, costUsd: 0.25, model: 'm2' },
      'abcde',
    );
    const usage = {
      inputTokens: 2,
      outputTokens: 2,
      cacheReadInputTokens: 7,
      cacheCreationInputTokens: 0,
      totalTokens: 4,
    };
    expect(result.tokenUsage).toEqual(usage);
    expect(events.find((e) => e.type === 'token_usage_updated')?.data).toEqual(usage);
    expect(result.costUsd).toBe(0.25);
    expect(result.model).toBe('m2');
  });

  it('streams with a reply function, chunkSize and exactly `deltas` deltas', async () => {
    const fn = await execute(
      { reply: ({ prompt, turn }) => `${turn}:${prompt}`, chunkSize: 2 },
      'abc',
    );
    expect(deltas(fn.events)).toEqual(['1:', 'ab', 'c']);
    const many = await execute({ reply: 'xyz', deltas: 7 });
    expect(deltas(many.events)).toEqual(['x', 'y', 'z', 'x', 'y', 'z', 'x']);
    expect(many.result.output.content).toBe('xyzxyzx');
    const few = await execute({ reply: 'abcdefghij', deltas: 3 });
    expect(deltas(few.events).join('')).toBe('abcdefghij');
    expect(deltas(few.events)).toHaveLength(3);
  });

  it('never splits a grapheme: emoji, ZWJ sequences and combining marks stay whole', async () => {
    const text = 'a😀b👩‍👩‍👧‍👦c🇫🇷e\u0301🏳️‍🌈 x𝒳y̆z👍🏽!';
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const graphemes = [...new Intl.Segmenter().segment(text)].map((s) => s.segment);
    for (const options of [
      { chunkSize: 1 },
      { chunkSize: 2 },
      { chunkSize: 3 },
      { deltas: 5 },
      { deltas: graphemes.length },
      { deltas: graphemes.length * 2 + 1 },
    ]) {
      const { result, events } = await execute({ reply: text, ...options });
      const parts = deltas(events);
      expect(parts.join(''), JSON.stringify(options)).toBe(result.output.content);
      for (const part of parts) {
        expect(loneSurrogate.test(part), `${JSON.stringify(options)}: ${part}`).toBe(false);
        // Every delta is a run of whole graphemes of the text.
        expect(
          [...new Intl.Segmenter().segment(part)].every((g) => graphemes.includes(g.segment)),
        ).toBe(true);
      }
    }
    const one = await execute({ reply: text, chunkSize: 1 });
    expect(deltas(one.events)).toEqual(graphemes);
    expect(one.result.output.content).toBe(text);
  });

  it('cuts long non-ASCII replies into the same graphemes as one Intl.Segmenter pass', async () => {
    const segment = (t: string) => [...new Intl.Segmenter().segment(t)].map((g) => g.segment);
    for (const text of [
      '👩‍👩‍👧‍👦 héllo wörld 😀 '.repeat(300),
      `a${'\u0301'.repeat(700)}b`,
      `${'🇫🇷'.repeat(301)}🇫`,
      '\r\n😀'.repeat(400),
    ]) {
      const { events } = await execute({ reply: text, chunkSize: 1 });
      expect(deltas(events)).toEqual(segment(text));
    }
  });

  it('streams 200,000 deltas without timers', async () => {
    // Under fake timers a timer would never fire: execute settles only if it uses none.
    vi.useFakeTimers();
    try {
      const { events } = await execute({ deltas: 200_000 });
      expect(deltas(events)).toHaveLength(200_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('emits scripted tool calls with canonical data before the text', async () => {
    const { result, events } = await execute({
      reply: 'done',
      toolCalls: [
        { toolName: 'read', toolInput: { path: 'a' }, toolOutput: 'A' },
        { toolName: 'write', toolInput: { path: 'b' }, fail: 'denied' },
      ],
    });
    expect(events.slice(0, 4)).toEqual([
      {
        type: 'tool_call_started',
        data: { toolCallId: 'mock_call_1_1', toolName: 'read', toolInput: { path: 'a' } },
      },
      {
        type: 'tool_call_completed',
        data: { toolCallId: 'mock_call_1_1', toolName: 'read', toolOutput: 'A' },
      },
      {
        type: 'tool_call_started',
        data: { toolCallId: 'mock_call_1_2', toolName: 'write', toolInput: { path: 'b' } },
      },
      {
        type: 'tool_call_failed',
        data: { toolCallId: 'mock_call_1_2', toolName: 'write', error: 'denied' },
      },
    ]);
    expect(result.output.toolCalls.map((c) => c.toolName)).toEqual(['read', 'write']);
    const adapter = new MockAdapter({ toolCalls: [{ toolName: 'read', toolInput: {} }] });
    expect(adapter.capabilities().map((c) => [c.name, c.type])).toEqual([
      ['text_generation', 'sampling'],
      ['read', 'tool'],
    ]);
    expect(new MockAdapter().capabilities().map((c) => c.type)).toEqual(['sampling']);
  });

  it('is deterministic: same options and inputs, same events and result', async () => {
    const options: MockAdapterOptions = {
      toolCalls: [{ toolName: 't', toolInput: 1 }],
      chunkSize: 3,
    };
    const a = await execute(options, 'same');
    const b = await execute(options, 'same');
    expect(b.events).toEqual(a.events);
    expect(b.result).toEqual(a.result);
  });

  it('remembers the conversation per session, and falls back to the given transcript', async () => {
    const adapter = new MockAdapter();
    const first = await start(adapter, 'one').promise;
    const second = await start(adapter, 'two', { providerSessionId: first.providerSessionId })
      .promise;
    expect(second.output.content).toBe('Mock answer #2 to: "two"');
    expect(second.providerSessionId).toBe(first.providerSessionId);
    expect(second.state).toEqual({ turns: 2 });
    const fresh = new MockAdapter({
      reply: ({ transcript }) => transcript.map((m) => m.content).join('|'),
    });
    const transcript: TranscriptMessage[] = [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
    ];
    expect((await start(fresh, 'q2', { transcript }).promise).output.content).toBe('q1|a1');
    const other = Session.create({ agentId: 'x' });
    expect((await start(adapter, 'hi', { ses: other }).promise).output.content).toContain('#1');
  });

  it('interrupt ends the turn with the text so far', async () => {
    const adapter = new MockAdapter({ reply: 'abcdefghijklmnop', chunkSize: 2, latencyMs: 2 });
    const call = start(adapter, 'hi', {
      onEvent: (e) => {
        if (e.type === 'message_streamed' && e.data.delta === 'cd') void call.control.interrupt?.();
      },
    });
    const result = await call.promise;
    expect(result.output).toMatchObject({ content: 'abcd', stopReason: 'interrupted' });
    expect(deltas(call.events)).toEqual(['ab', 'cd']);
    expect(call.events.find((e) => e.type === 'message_received')?.data).toMatchObject({
      content: 'abcd',
    });
  });

  it('registers interrupt, pause and resume on each run’s own control, keeping no map of runs', async () => {
    const adapter = new MockAdapter({ reply: 'abcdef', chunkSize: 2, latencyMs: 1 });
    const a = start(adapter, 'a');
    const b = start(adapter, 'b');
    expect(Object.keys(a.control).sort()).toEqual(['interrupt', 'pause', 'resume']);
    void b.control.interrupt?.();
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    expect(ra.output).toMatchObject({ content: 'abcdef', stopReason: 'end_turn' });
    expect(rb.output.stopReason).toBe('interrupted');
    expect(Object.keys(adapter)).toEqual(['specificationVersion', 'name', 'model']);
  });

  it('pause stops streaming until resume', async () => {
    const adapter = new MockAdapter({ reply: 'abcdef', chunkSize: 2, latencyMs: 1 });
    const call = start(adapter, 'hi', {
      onEvent: (e) => {
        if (e.type === 'message_streamed' && e.data.delta === 'ab') void call.control.pause?.();
      },
    });
    await new Promise((r) => setTimeout(r, 40));
    expect(deltas(call.events)).toEqual(['ab']);
    await call.control.resume?.();
    expect((await call.promise).output.content).toBe('abcdef');
    expect(deltas(call.events)).toEqual(['ab', 'cd', 'ef']);
  });

  it('hangs until aborted, then rejects with cancelled and emits nothing more', async () => {
    const controller = new AbortController();
    const call = start(new MockAdapter({ hang: true }), 'hi', { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    const count = call.events.length;
    expect(call.events.some((e) => e.type === 'message_received')).toBe(false);
    controller.abort();
    const error = await rejection(call.promise);
    expect(error.code).toBe('cancelled');
    expect(call.events).toHaveLength(count);
  });

  it('emits nothing more once aborted inside any emit, also after the text', async () => {
    const all = start(new MockAdapter({ toolCalls: [{ toolName: 't', toolInput: {} }] }));
    await all.promise;
    for (let point = 0; point < all.events.length; point++) {
      const controller = new AbortController();
      const call = start(new MockAdapter({ toolCalls: [{ toolName: 't', toolInput: {} }] }), 'hi', {
        signal: controller.signal,
        onEvent: () => {
          if (call.events.length === point + 1) controller.abort();
        },
      });
      expect((await rejection(call.promise)).code, `abort in emit #${point}`).toBe('cancelled');
      expect(call.events.map((e) => e.type)).toEqual(
        all.events.slice(0, point + 1).map((e) => e.type),
      );
    }
  });

  it('stops a latency stream on abort', async () => {
    const controller = new AbortController();
    // A minute per delta: only an abort that cuts the wait settles it within the test timeout.
    const call = start(new MockAdapter({ latencyMs: 60_000, chunkSize: 1 }), 'hi', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    expect((await rejection(call.promise)).code).toBe('cancelled');
    expect(call.events).toHaveLength(0);
  }, 5000);

  it.each([
    ['provider_rate_limited', true],
    ['provider_unavailable', true],
    ['provider_timeout', true],
    ['provider_authentication_failed', false],
    ['provider_quota_exceeded', false],
    ['provider_error', false],
  ] as const)('fails with %s (retryable %s)', async (code, retryable) => {
    const call = start(new MockAdapter({ failWith: code }));
    const error = await rejection(call.promise);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(call.events).toEqual([]);
  });

  it('fails after some chunks with a custom message', async () => {
    const call = start(
      new MockAdapter({
        reply: 'abcdefgh',
        chunkSize: 2,
        failWith: { code: 'provider_unavailable', message: 'boom', afterChunks: 2 },
      }),
    );
    const error = await rejection(call.promise);
    expect(error.message).toBe('boom');
    expect(deltas(call.events)).toEqual(['ab', 'cd']);
  });

  it('misbehaves on request: lifecycle events, late emits, raw errors, ignored aborts', async () => {
    const lifecycle = await execute({ emitLifecycle: true });
    expect(lifecycle.events[0]?.type).toBe('run_started');
    expect(lifecycle.events.at(-1)?.type).toBe('run_completed');

    const late = start(new MockAdapter({ emitAfterFinish: true }));
    await late.promise;
    const settled = late.events.length;
    await new Promise((r) => setTimeout(r, 10));
    expect(late.events).toHaveLength(settled + 1);

    const raw = start(new MockAdapter({ throwRaw: true }));
    await expect(raw.promise).rejects.toBeInstanceOf(TypeError);

    const controller = new AbortController();
    controller.abort();
    const stubborn = start(new MockAdapter({ ignoreAbort: true }), 'hi', {
      signal: controller.signal,
    });
    expect((await stubborn.promise).output.stopReason).toBe('end_turn');

    let settledHang = false;
    const hanging = start(new MockAdapter({ ignoreAbort: true, hang: true }), 'hi', {
      signal: controller.signal,
    });
    hanging.promise.then(
      () => {
        settledHang = true;
      },
      () => {
        settledHang = true;
      },
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(settledHang).toBe(false);
  });

  it('rejects bad options with validation_error naming the option', () => {
    const bad: [unknown, string][] = [
      [{ chunkSize: 0 }, 'chunkSize'],
      [{ latencyMs: -1 }, 'latencyMs'],
      [{ latencyMs: 2 ** 31 }, 'latencyMs'],
      [{ failWith: 'nope' }, 'failWith.code'],
      [{ toolCalls: [{ toolInput: {} }] }, 'toolCalls[0].toolName'],
      [{ usage: { inputTokens: -2 } }, 'usage.inputTokens'],
      [{ hang: 'yes' }, 'hang'],
      [{ secrets: [] }, 'secrets'],
    ];
    for (const [options, field] of bad) {
      let caught: unknown;
      try {
        new MockAdapter(options as MockAdapterOptions);
      } catch (error) {
        caught = error;
      }
      expect(AgentSessionError.isInstance(caught), field).toBe(true);
      expect((caught as AgentSessionError).code).toBe('validation_error');
      expect((caught as AgentSessionError).message).toContain(field);
    }
    expect(() => new MockAdapter({ deltas: 1.5 })).toThrow(/deltas/);
    expect(new MockAdapter({ deltas: 3 }).specificationVersion).toBe('v1');
    expect(new MockAdapter({ latencyMs: 2 ** 31 - 1 }).specificationVersion).toBe('v1');
  });
});
