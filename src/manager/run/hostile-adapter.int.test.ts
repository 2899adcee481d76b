import { describe, expect, it } from 'vitest';
import {
  aborted,
  expectRunInvariants,
  reply,
  STORE_FACTORIES,
  testAdapter,
  until,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { AdapterExecuteRequest } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';

const trapsThrow = new Proxy(
  {},
  {
    get() {
      return () => {
        throw new Error('trap');
      };
    },
  },
) as ProxyHandler<object>;

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function errorWithThrowingMessage(): Error {
  const error = new Error('x');
  Object.defineProperty(error, 'message', {
    get() {
      throw new Error('message getter');
    },
  });
  return error;
}

function errorWithThrowingName(): Error {
  const error = new TypeError('has a message');
  Object.defineProperty(error, 'name', {
    get() {
      throw new Error('name getter');
    },
  });
  return error;
}

/** Values `String()` cannot convert, and other odd things an adapter may throw. */
const THROWN: readonly [string, () => unknown][] = [
  ['Object.create(null)', () => Object.create(null)],
  [
    'an object whose toString throws',
    () => ({
      toString() {
        throw new Error('no');
      },
    }),
  ],
  ['an object whose toString returns an object', () => ({ toString: () => ({}) })],
  ['an Error whose message getter throws', errorWithThrowingMessage],
  ['an Error whose name getter throws', errorWithThrowingName],
  ['a Proxy that throws on every trap', () => new Proxy({}, trapsThrow)],
  ['a Proxy of an Error that throws on every trap', () => new Proxy(new Error('e'), trapsThrow)],
  ['a revoked Proxy', revokedProxy],
  ['a Symbol', () => Symbol('thrown')],
  ['a BigInt', () => 10n],
  [
    'a frozen object whose Symbol.toPrimitive throws',
    () =>
      Object.freeze(
        Object.create(null, {
          [Symbol.toPrimitive]: {
            value: () => {
              throw new Error('no primitive');
            },
          },
        }),
      ),
  ],
  ['undefined', () => undefined],
  ['null', () => null],
  ['a function', () => () => 1],
  [
    'a fake AgentSessionError with a bad code and a throwing message',
    () => ({
      [Symbol.for('agent-session-manager.error')]: true,
      code: { not: 'a code' },
      get message() {
        throw new Error('message getter');
      },
    }),
  ],
  ['an Error whose cause is a hostile Proxy', () => new Error('outer', { cause: revokedProxy() })],
  ['a string of 1 MB', () => 'x'.repeat(1_000_000)],
];

type Execute = (thrown: () => unknown) => ProviderAdapter['execute'];

/** Ways of delivering the thrown value. */
const HOW: readonly [string, Execute][] = [
  [
    'from an async execute',
    (value) => async () => {
      throw value();
    },
  ],
  [
    'synchronously from execute',
    (value) => () => {
      throw value();
    },
  ],
  [
    'after emitting events',
    (value) =>
      async ({ emit }: AdapterExecuteRequest) => {
        emit({ type: 'message_streamed', data: { delta: 'partial' } });
        await emit({ type: 'message_streamed', data: { delta: 'more' } });
        throw value();
      },
  ],
  [
    'as a thenable that rejects',
    (value) => () =>
      ({
        // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point
        then(_ok: unknown, fail: (e: unknown) => void) {
          fail(value());
        },
      }) as never,
  ],
  [
    'as a thenable whose then throws',
    (value) => () =>
      ({
        // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point
        then() {
          throw value();
        },
      }) as never,
  ],
];

describe.each(STORE_FACTORIES)('a hostile adapter on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  async function runWith(adapter: ProviderAdapter, secrets: string[] = []) {
    const m = scope.manager(adapter, { secrets });
    const session = await m.startSession({ agentId: 'a' });
    const pending = await m.startRun(session.id, 'hello');
    const result = await m.executeRun(pending.id);
    const { run, events } = await expectRunInvariants(scope.store, pending.id);
    expect(result.status).toBe(run.status);
    return { result, run, events };
  }

  describe.each(HOW)('a value thrown %s', (_how, execute) => {
    it.each(THROWN)('%s fails the run with one run_failed and a safe message', async (_, value) => {
      // With a secret configured the redactor looks into the thrown value as well.
      for (const secrets of [[], ['sk-hostile-secret']]) {
        const adapter = { ...testAdapter(async () => reply('x')), execute: execute(value) };
        const { result, run, events } = await runWith(adapter, secrets);
        expect(run.status).toBe('failed');
        expect(run.error?.code).toBe('provider_error');
        expect(run.error?.message).toMatch(/^adapter failed: /);
        expect(run.error?.message.length).toBeLessThanOrEqual(4200);
        expect(events.filter((e) => e.type === 'run_failed')).toHaveLength(1);
        expect(events.at(-1)?.data).toEqual({
          errorCode: 'provider_error',
          errorMessage: run.error?.message,
        });
        const error = result.error;
        expect(error?.code).toBe('provider_error');
        expect(error?.message).toBe(run.error?.message);
        // Everything a caller may do with the error works.
        expect(() => JSON.stringify(error)).not.toThrow();
        expect(() => String(error)).not.toThrow();
        expect(() => String(error?.cause)).not.toThrow();
        expect(() => JSON.stringify(error?.toJSON())).not.toThrow();
      }
    });
  });

  it('an AgentSessionError with an unreadable cause keeps its code; the cause is described', async () => {
    for (const secrets of [[], ['sk-hostile-secret']]) {
      const adapter = testAdapter(async () => {
        throw new AgentSessionError('provider_rate_limited', 'slow down', {
          cause: revokedProxy(),
        });
      });
      const { run, result } = await runWith(adapter, secrets);
      expect(run.error).toEqual({ code: 'provider_rate_limited', message: 'slow down' });
      expect(() => JSON.stringify(result.error)).not.toThrow();
      expect(String(result.error?.cause)).toBe('Error: object: an unprintable object');
    }
  });

  it('a signal aborted with an unreadable reason cancels the run with reason "cancelled"', async () => {
    const m = scope.manager(
      testAdapter(async ({ signal }) => {
        await aborted(signal);
        throw new Error('stopped');
      }),
    );
    const session = await m.startSession({ agentId: 'a' });
    for (const reason of [revokedProxy(), new Proxy(new Error('e'), trapsThrow), Symbol('s')]) {
      const before = await m.startRun(session.id, 'never starts');
      const result = await m.executeRun(before.id, { signal: AbortSignal.abort(reason) });
      expect(result.status).toBe('cancelled');
      expect(result.run.error).toEqual({ code: 'cancelled', message: 'cancelled' });
      const during = await m.startRun(session.id, 'started');
      const controller = new AbortController();
      const pending = m.executeRun(during.id, { signal: controller.signal });
      await until(async () => (await m.getRun(during.id)).status === 'running');
      controller.abort(reason);
      expect((await pending).status).toBe('cancelled');
      const { events } = await expectRunInvariants(scope.store, during.id);
      expect(events.at(-1)?.data).toEqual({ reason: 'cancelled' });
    }
  });

  it('an execute replaced by a non-function after construction fails the run', async () => {
    const adapter = testAdapter(async () => reply('x'));
    const m = scope.manager(adapter);
    (adapter as { execute: unknown }).execute = 42;
    const session = await m.startSession({ agentId: 'a' });
    const pending = await m.startRun(session.id, 'hello');
    const result = await m.executeRun(pending.id);
    const { run } = await expectRunInvariants(scope.store, pending.id);
    expect(result.status).toBe('failed');
    expect(run.error?.code).toBe('provider_error');
  });

  it('a hostile value handed to emit throws into the adapter; rethrown, it fails the run', async () => {
    const seen: unknown[] = [];
    const adapter = testAdapter(async ({ emit }) => {
      for (const [, value] of THROWN) {
        try {
          emit(value() as never);
        } catch (error) {
          seen.push(error);
        }
      }
      // What this emit throws is not caught: it ends execute.
      emit({ type: 'message_streamed', data: new Proxy({}, trapsThrow) } as never);
      return reply('unreachable');
    });
    for (const secrets of [[], ['sk-hostile-secret']]) {
      seen.length = 0;
      const { run, events } = await runWith(adapter, secrets);
      expect(seen).toHaveLength(THROWN.length);
      // Each is a validation error naming what was wrong, not a raw TypeError.
      expect(seen.map((e) => AgentSessionError.isInstance(e) && e.code)).toEqual(
        THROWN.map(() => 'validation_error'),
      );
      expect(run.status).toBe('failed');
      expect(events.filter((e) => e.type === 'run_failed')).toHaveLength(1);
    }
  });

  it('hostile event data and metadata throw validation_error into emit, with secrets too', async () => {
    const seen: unknown[] = [];
    const adapter = testAdapter(async ({ emit }) => {
      for (const [, value] of THROWN) {
        for (const event of [
          { type: 'message_streamed', data: value() },
          { type: 'message_streamed', data: { delta: value() } },
          { type: 'message_streamed', data: { delta: 'x' }, metadata: value() },
          { type: 'message_streamed', data: { delta: 'x' }, metadata: { k: value() } },
        ]) {
          try {
            emit(event as never);
            seen.push('accepted');
          } catch (error) {
            seen.push(AgentSessionError.isInstance(error) ? error.code : error);
          }
        }
      }
      return reply('done');
    });
    for (const secrets of [[], ['sk-hostile-secret']]) {
      seen.length = 0;
      const { run } = await runWith(adapter, secrets);
      expect(run.status).toBe('completed');
      // Values that are not JSON are refused; a string (the 1 MB one) or null may be fine data.
      expect(seen.filter((s) => s !== 'accepted' && s !== 'validation_error')).toEqual([]);
    }
  });

  const oversize = 'p'.repeat(513);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const throwingGetter = {
    get output() {
      throw new Error('output getter');
    },
    tokenUsage: {},
  };
  const hostileGetter = {
    get output() {
      throw revokedProxy();
    },
    tokenUsage: {},
  };

  /** Unacceptable results, and a part of the message that says what was wrong. */
  const BAD_RESULTS: readonly [string, () => unknown, RegExp][] = [
    ['7', () => 7, /result must be an object, got a number/],
    ["'hello'", () => 'hello', /result must be an object, got a string/],
    ['{}', () => ({}), /result\.output is required/],
    ['null', () => null, /result must be an object, got null/],
    ['undefined', () => undefined, /result must be an object, got nothing/],
    ['an array', () => [reply('x')], /result must be an object, got an array/],
    ['output: null', () => ({ output: null, tokenUsage: {} }), /result\.output is required/],
    [
      'content: {a:1}',
      () => ({ output: { content: { a: 1 } }, tokenUsage: {} }),
      /result\.output\.content must be a string, got an object/,
    ],
    [
      'content: 123',
      () => ({ output: { content: 123 }, tokenUsage: {} }),
      /result\.output\.content must be a string, got a number/,
    ],
    ['a getter that throws', () => throwingGetter, /output getter/],
    ['a getter that throws a revoked Proxy', () => hostileGetter, /an unprintable/],
    [
      'providerSessionId over 512 characters',
      () => reply('x', { providerSessionId: oversize }),
      /result\.providerSessionId must be at most 512 characters/,
    ],
    [
      'providerSessionId a number',
      () => reply('x', { providerSessionId: 5 as never }),
      /result\.providerSessionId must be a string/,
    ],
    [
      'model over 512 characters',
      () => reply('x', { model: oversize }),
      /result\.model must be at most 512 characters/,
    ],
    ['model an object', () => reply('x', { model: {} as never }), /result\.model must be a string/],
    [
      'state that is not JSON',
      () => reply('x', { state: { when: new Date() } as never }),
      /result\.state\.when must be a plain object/,
    ],
    ['state with a cycle', () => reply('x', { state: cyclic }), /result\.state.* cycle/],
    [
      'state of more than 1 MiB',
      () => reply('x', { state: { blob: 's'.repeat(1_100_000) } }),
      /result\.state must be at most 1048576 characters of JSON/,
    ],
    ['state an array', () => reply('x', { state: [1] as never }), /result\.state must be/],
    [
      'negative tokens',
      () => reply('x', { tokenUsage: { inputTokens: -1 } }),
      /result\.tokenUsage\.inputTokens must be a finite number >= 0/,
    ],
    [
      'NaN tokens',
      () => reply('x', { tokenUsage: { outputTokens: Number.NaN } }),
      /result\.tokenUsage\.outputTokens/,
    ],
    [
      'tokens as strings',
      () => reply('x', { tokenUsage: { inputTokens: '3' as never } }),
      /result\.tokenUsage\.inputTokens/,
    ],
    ['tokenUsage a string', () => reply('x', { tokenUsage: 'many' as never }), /tokenUsage/],
    ['costUsd NaN', () => reply('x', { costUsd: Number.NaN }), /result\.costUsd must be/],
    ['costUsd negative', () => reply('x', { costUsd: -0.5 }), /result\.costUsd must be/],
    [
      'costUsd Infinity',
      () => reply('x', { costUsd: Number.POSITIVE_INFINITY }),
      /result\.costUsd must be/,
    ],
    [
      'stopReason a number',
      () => ({ output: { content: 'x', stopReason: 3 }, tokenUsage: {} }),
      /result\.output\.stopReason must be a string/,
    ],
    [
      'toolCalls not an array',
      () => ({ output: { content: 'x', toolCalls: 'none' }, tokenUsage: {} }),
      /result\.output\.toolCalls must be an array/,
    ],
  ];

  it.each(BAD_RESULTS)(
    'a result %s fails the run as provider_error saying why',
    async (_, value, why) => {
      const adapter = testAdapter(async () => value() as never);
      const { run, result, events } = await runWith(adapter);
      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('provider_error');
      expect(run.error?.message).toMatch(/^adapter returned an invalid result: /);
      expect(run.error?.message).toMatch(why);
      expect(run.output).toBeNull();
      expect(result.error?.code).toBe('provider_error');
      expect(events.map((e) => e.type)).not.toContain('run_completed');
      expect(events.map((e) => e.type)).not.toContain('message_received');
      const session = await scope.store.getSession(run.sessionId);
      expect(session.providerSessionId).toBeNull();
    },
  );

  it('a result returned as a plain value (not a promise) is accepted', async () => {
    const adapter = {
      ...testAdapter(async () => reply('x')),
      execute: () => reply('sync') as never,
    };
    const { run } = await runWith(adapter);
    expect(run.status).toBe('completed');
    expect(run.output?.content).toBe('sync');
  });

  it('a good result with null and empty optional fields completes', async () => {
    const adapter = testAdapter(async () =>
      reply('fine', { providerSessionId: '', model: null, costUsd: null, state: undefined }),
    );
    const { run } = await runWith(adapter);
    expect(run.status).toBe('completed');
    expect(run.costUsd).toBeNull();
  });
});
