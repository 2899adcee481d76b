import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import { Run } from './run.js';
import { inputText } from './run-parts.js';

describe('Run.create', () => {
  it('builds a pending run with zero usage', () => {
    const run = Run.create({ sessionId: 'ses_1', input: 'Fix the test' });
    expect(run.id).toMatch(/^run_[0-9a-f]{32}$/);
    expect(run).toMatchObject({
      sessionId: 'ses_1',
      status: 'pending',
      input: 'Fix the test',
      output: null,
      error: null,
      turnCount: 0,
      costUsd: null,
      startedAt: null,
      endedAt: null,
      version: 0,
    });
    expect(run.tokenUsage.totalTokens).toBe(0);
    expect(Object.isFrozen(run)).toBe(true);
  });

  it('accepts structured message input', () => {
    const input = {
      messages: [
        { role: 'system' as const, content: 'Be terse.' },
        { role: 'user' as const, content: 'Hi' },
      ],
    };
    const run = Run.create({ sessionId: 's', input });
    expect(run.input).toEqual(input);
    expect(inputText(run.input)).toBe('Be terse.\n\nHi');
  });

  it.each([
    ['no sessionId', { input: 'x' }, 'run.sessionId'],
    ['no input', { sessionId: 's' }, 'run.input'],
    ['an empty input', { sessionId: 's', input: '' }, 'run.input'],
    ['empty messages', { sessionId: 's', input: { messages: [] } }, 'run.input.messages'],
    [
      'a bad role',
      { sessionId: 's', input: { messages: [{ role: 'robot', content: 'x' }] } },
      'run.input.messages[0].role',
    ],
    ['a negative cost', { sessionId: 's', input: 'x', costUsd: -1 }, 'run.costUsd'],
    ['a fractional turnCount', { sessionId: 's', input: 'x', turnCount: 1.5 }, 'run.turnCount'],
    [
      'negative tokens',
      { sessionId: 's', input: 'x', tokenUsage: { inputTokens: -3 } },
      'run.tokenUsage.inputTokens',
    ],
    [
      'an unknown error code',
      { sessionId: 's', input: 'x', error: { code: 'nope', message: 'm' } },
      'run.error.code',
    ],
    ['output without content', { sessionId: 's', input: 'x', output: {} }, 'run.output.content'],
  ])('rejects %s naming the field', (_label, attrs, field) => {
    const error = caught(() => Run.create(attrs as never));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain(field);
  });
});

describe('Run lifecycle', () => {
  it('start sets startedAt, complete stores output and endedAt', () => {
    const started = Run.start(Run.create({ sessionId: 's', input: 'x' }));
    expect(started.status).toBe('running');
    expect(started.startedAt).not.toBeNull();
    const done = Run.complete(started, {
      content: 'ok',
      stopReason: 'end_turn',
      toolCalls: [{ toolCallId: 't1', toolName: 'bash', toolInput: { cmd: 'ls' } }],
    });
    expect(done.output?.toolCalls[0]?.toolName).toBe('bash');
    expect(done.endedAt).not.toBeNull();
  });

  it('fail stores { code, message }; cancel and timeout store their codes', () => {
    const running = Run.start(Run.create({ sessionId: 's', input: 'x' }));
    expect(Run.fail(running, { code: 'provider_rate_limited', message: '429' }).error).toEqual({
      code: 'provider_rate_limited',
      message: '429',
    });
    expect(Run.cancel(running, 'user').error).toEqual({ code: 'cancelled', message: 'user' });
    expect(Run.timeout(running, 50).error?.code).toBe('timeout');
    expect(caught(() => Run.fail(running, { code: 'bad' as never, message: 'm' })).code).toBe(
      'validation_error',
    );
  });

  it('addUsage adds key by key and accumulates cost; incrementTurn counts', () => {
    let run = Run.create({ sessionId: 's', input: 'x' });
    run = Run.addUsage(run, { inputTokens: 10, outputTokens: 5 }, 0.01);
    run = Run.addUsage(run, { inputTokens: 1, cacheReadInputTokens: 7 }, 0.02);
    run = Run.incrementTurn(Run.incrementTurn(run));
    expect(run.tokenUsage).toEqual({
      inputTokens: 11,
      outputTokens: 5,
      cacheReadInputTokens: 7,
      cacheCreationInputTokens: 0,
      totalTokens: 16,
    });
    expect(run.costUsd).toBeCloseTo(0.03);
    expect(run.turnCount).toBe(2);
    expect(caught(() => Run.addUsage(run, { outputTokens: Number.NaN })).code).toBe(
      'validation_error',
    );
  });

  it('withMetadata merges keys', () => {
    const run = Run.withMetadata(Run.create({ sessionId: 's', input: 'x', metadata: { a: 1 } }), {
      b: 2,
    });
    expect(run.metadata).toEqual({ a: 1, b: 2 });
  });
});

const runArb = fc.record({
  sessionId: fc.string({ minLength: 1, maxLength: 30 }),
  input: fc.oneof(
    fc.string({ minLength: 1, maxLength: 50 }),
    fc.record({
      messages: fc.array(
        fc.record({
          role: fc.constantFrom('user', 'assistant', 'system'),
          content: fc.string({ minLength: 1 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  ),
  status: fc.constantFrom('pending', 'running', 'completed', 'failed', 'cancelled', 'timeout'),
  turnCount: fc.nat(),
  tokenUsage: fc.record({ inputTokens: fc.nat(), outputTokens: fc.nat() }),
  costUsd: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  error: fc.option(
    fc.record({ code: fc.constantFrom('timeout', 'provider_error'), message: fc.string() }),
    { nil: null },
  ),
  output: fc.option(
    fc.record({
      content: fc.string(),
      stopReason: fc.option(fc.string({ minLength: 1 }), { nil: null }),
      toolCalls: fc.constant([]),
    }),
    { nil: null },
  ),
  version: fc.nat(),
});

describe('Run JSON', () => {
  it('fromJSON(toJSON(x)) equals x for generated runs', () => {
    fc.assert(
      fc.property(runArb, (attrs) => {
        const run = Run.create(attrs as never);
        expect(Run.fromJSON(JSON.parse(JSON.stringify(Run.toJSON(run))))).toEqual(run);
      }),
    );
  });

  it('fromJSON on arbitrary input throws only AgentSessionError', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true }), (value) => {
        try {
          Run.fromJSON(value);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});

describe('Run.validate and Run.stored', () => {
  const pending = () => Run.create({ sessionId: 'ses_1', input: 'go' });

  it('returns runs the module built as they are, through every function of Run', () => {
    const run = pending();
    const started = Run.start(run);
    const ended = [
      Run.complete(started, { content: 'ok', stopReason: null, toolCalls: [] }),
      Run.fail(started, { code: 'provider_error', message: 'no' }),
      Run.cancel(started, 'stop'),
      Run.timeout(started, 5),
    ];
    const others = [
      Run.addUsage(started, { inputTokens: 1 }, 0.5),
      Run.incrementTurn(started),
      Run.withMetadata(started, { k: 1 }),
      Run.fromJSON(Run.toJSON(started)),
      Run.stored(started, 1),
    ];
    for (const value of [run, started, ...ended, ...others]) {
      expect(Run.isBuilt(value)).toBe(true);
      expect(Run.validate(value)).toBe(value);
    }
  });

  it('checks a copy in full, even a spread of a built run', () => {
    const run = pending();
    const copy = Run.validate({ ...run });
    expect(copy).toEqual(run);
    expect(copy).not.toBe(run);
    expect(Run.isBuilt({ ...run })).toBe(false);
    expect(caught(() => Run.validate({ ...run, status: 'lost' }))).toMatchObject({
      code: 'invalid_status',
    });
    expect(caught(() => Run.validate({ ...run, owner: 7 }))).toMatchObject({
      details: { field: 'run.owner' },
    });
    expect(caught(() => Run.stored({ ...run, turnCount: -1 }, 1))).toMatchObject({
      details: { field: 'run.turnCount' },
    });
  });

  it('does not vouch for what a function derived from a value it did not build', () => {
    const plain = { ...Run.start(pending()), costUsd: 'lots' } as never;
    expect(Run.isBuilt(Run.complete(plain, { content: '', stopReason: null, toolCalls: [] }))).toBe(
      false,
    );
    const started = Run.start(pending());
    expect(Run.isBuilt(Run.cancel(started, 42 as never))).toBe(false);
    const huge = Run.addUsage(started, { inputTokens: Number.MAX_VALUE, totalTokens: 1 });
    expect(Run.isBuilt(Run.addUsage(huge, { inputTokens: Number.MAX_VALUE, totalTokens: 1 }))).toBe(
      false,
    );
    expect(Run.isBuilt(Run.addUsage(started, {}, Number.MAX_VALUE))).toBe(true);
    const costly = Run.addUsage(Run.addUsage(started, {}, Number.MAX_VALUE), {}, Number.MAX_VALUE);
    expect(Run.isBuilt(costly)).toBe(false);
    const last = Run.fromJSON({ ...Run.toJSON(started), turnCount: Number.MAX_SAFE_INTEGER });
    expect(Run.isBuilt(Run.incrementTurn(last))).toBe(false);
  });

  it('freezes the error of a cancelled or timed-out run', () => {
    const started = Run.start(pending());
    expect(Object.isFrozen(Run.cancel(started, 'stop').error)).toBe(true);
    expect(Object.isFrozen(Run.timeout(started).error)).toBe(true);
  });

  it('stored sets the version and refuses one below 1', () => {
    const run = pending();
    expect(Run.stored(run, 3)).toMatchObject({ id: run.id, version: 3 });
    expect(caught(() => Run.stored(run, 0))).toMatchObject({ details: { field: 'run.version' } });
  });
});
