import { describe, expect, it } from 'vitest';
import {
  expectRunInvariants,
  STORE_FACTORIES,
  testAdapter,
  until,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { MockAdapter } from '../../adapters/mock/mock-adapter.js';
import type { MockAdapterOptions } from '../../adapters/mock/mock-options.js';
import { Run } from '../../core/run.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { SessionManager } from '../session-manager.js';

describe.each(STORE_FACTORIES)('MockAdapter runs on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  async function once(options: MockAdapterOptions, executeOptions = {}) {
    const m = new SessionManager({ store: scope.store, adapter: new MockAdapter(options) });
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'hello');
    const result = await m.executeRun(run.id, executeOptions);
    const checked = await expectRunInvariants(scope.store, run.id);
    await m.close();
    return { result, ...checked };
  }

  it.each<[string, MockAdapterOptions, object, string, string | null]>([
    ['streams and completes', { reply: 'Hello there, friend' }, {}, 'completed', null],
    ['emits its own lifecycle events', { emitLifecycle: true }, {}, 'completed', null],
    ['emits after finishing', { emitAfterFinish: true }, {}, 'completed', null],
    [
      'fails with a provider code',
      { failWith: { code: 'provider_unavailable', afterChunks: 2 } },
      {},
      'failed',
      'provider_unavailable',
    ],
    [
      'throws a raw TypeError',
      { failWith: 'provider_error', throwRaw: true },
      {},
      'failed',
      'provider_error',
    ],
    ['hangs, honouring abort', { hang: true }, { timeoutMs: 20 }, 'timeout', 'timeout'],
    [
      'hangs, ignoring abort',
      { hang: true, ignoreAbort: true },
      { timeoutMs: 20 },
      'timeout',
      'timeout',
    ],
  ])('an adapter that %s', async (_what, options, executeOptions, status, code) => {
    const { result, run, events } = await once(options, executeOptions);
    expect(run.status).toBe(status);
    expect(result.error?.code ?? null).toBe(code);
    if (status === 'completed') {
      expect(events.filter((e) => e.type === 'message_received')).toHaveLength(1);
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(await scope.store.readEvents(run.sessionId, { runId: run.id })).toHaveLength(
      events.length,
    );
  });

  it('continues the conversation across runs', async () => {
    const m = new SessionManager({
      store: scope.store,
      adapter: new MockAdapter({ reply: ({ turn }) => `turn ${turn}` }),
      telemetry: false,
    });
    const s = await m.startSession({ agentId: 'a' });
    for (const input of ['one', 'two']) {
      const run = await m.startRun(s.id, input);
      expect((await m.executeRun(run.id)).output?.content).toBe(
        input === 'one' ? 'turn 1' : 'turn 2',
      );
    }
    await m.close();
  });
});

describe('manager wiring', () => {
  it('recoverOnStart fails abandoned runs in the background', async () => {
    const store = new InMemorySessionStore();
    const seed = new SessionManager({ store, adapter: new MockAdapter(), telemetry: false });
    const s = await seed.startSession({ agentId: 'a' });
    const pending = await seed.startRun(s.id, 'x');
    await store.saveRun({
      ...Run.start(pending),
      owner: 'gone:1:x',
      heartbeatAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const m = new SessionManager({
      store,
      adapter: new MockAdapter(),
      telemetry: false,
      recoverOnStart: { staleAfterMs: 1000 },
    });
    await until(async () => (await store.getRun(pending.id)).status === 'failed');
    await m.close();
    await seed.close();
  });

  it('default telemetry and the default store work, and close closes the owned store', async () => {
    const m = new SessionManager({ adapter: new MockAdapter() });
    const result = await m.runOnce({ agentId: 'a' }, 'hi');
    expect(result.status).toBe('completed');
    await m.close();
    await expect(m.store.getSession(result.run.sessionId)).rejects.toMatchObject({
      code: 'storage_error',
    });
  });

  it('a store that fails appends fails the run with the storage error, keeping the invariants', async () => {
    const store = new InMemorySessionStore();
    let failAppends = false;
    const flaky = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'appendEvents' && failAppends) {
          return async () => {
            throw new Error('disk full');
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const m = new SessionManager({
      store: flaky,
      telemetry: false,
      adapter: testAdapter(async ({ emit }) => {
        failAppends = true;
        emit({ type: 'message_streamed', data: { delta: 'x' } });
        await new Promise((r) => setTimeout(r, 1));
        failAppends = false;
        return { output: { content: 'x', stopReason: null, toolCalls: [] }, tokenUsage: {} };
      }),
    });
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'x');
    const result = await m.executeRun(run.id);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('storage_write_failed');
    await expectRunInvariants(store, run.id);
    await m.close();
  });

  it('refuses to execute a run twice and unknown runs', async () => {
    const m = new SessionManager({ adapter: new MockAdapter({ latencyMs: 5 }), telemetry: false });
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'x');
    const first = m.executeRun(run.id);
    await expect(m.executeRun(run.id)).rejects.toMatchObject({ code: 'invalid_operation' });
    await first;
    await expect(m.executeRun(run.id)).rejects.toMatchObject({ code: 'invalid_operation' });
    await expect(m.executeRun('run_missing')).rejects.toMatchObject({ code: 'run_not_found' });
    await expect(m.executeRun(run.id, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await m.close();
  });
});
