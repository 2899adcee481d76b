import { afterEach, describe, expect, it } from 'vitest';
import { caught } from '../../../test/support/errors.js';
import { aborted, reply, testAdapter, until } from '../../../test/support/manager-kit.js';
import { MockAdapter } from '../../adapters/mock/mock-adapter.js';
import type { CommitRequest } from '../../core/store-queries.js';
import type { AdapterExecuteRequest } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { SessionManager } from '../session-manager.js';

const managers: SessionManager[] = [];
function manager(adapter: ProviderAdapter, store = new InMemorySessionStore()): SessionManager {
  const m = new SessionManager({ adapter, store, telemetry: false });
  managers.push(m);
  return m;
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

async function runningRun(m: SessionManager, input = 'work') {
  const session = await m.startSession({ agentId: 'a' });
  const run = await m.startRun(session.id, input);
  const result = m.executeRun(run.id);
  await until(async () => (await m.getRun(run.id)).status === 'running');
  return { run, result };
}

describe('ProviderAdapter specificationVersion', () => {
  const base = testAdapter(async () => reply('x'));

  it.each([
    ['missing', undefined, 'no version'],
    ['v2', 'v2', '"v2"'],
    ['a number', 1, 'no version (number)'],
  ])('refuses an adapter whose version is %s with validation_error', (_what, version, has) => {
    const adapter = { ...base, name: 'future', specificationVersion: version } as never;
    const error = caught(() => new SessionManager({ adapter, telemetry: false }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('future');
    expect(error.message).toContain(has);
    expect(error.message).toContain('"v1"');
    expect(error.details).toMatchObject({ adapter: 'future', supported: ['v1'] });
  });

  it('accepts v1 adapters', async () => {
    expect(manager(new MockAdapter()).adapter.specificationVersion).toBe('v1');
    expect(manager(base).adapter.name).toBe('test');
  });
});

describe('per-run control through request.control', () => {
  it('interruptRun reaches the MockAdapter run it belongs to, and no other', async () => {
    const m = manager(new MockAdapter({ hang: true }));
    const a = await runningRun(m, 'first');
    const b = await runningRun(m, 'second');
    expect((await m.interruptRun(b.run.id)).outcome).toBe('applied');
    const second = await b.result;
    expect(second.status).toBe('completed');
    expect(second.output?.stopReason).toBe('interrupted');
    expect((await m.getRun(a.run.id)).status).toBe('running');
    await m.cancelRun(a.run.id);
    expect((await a.result).status).toBe('cancelled');
  });

  it('pauses and resumes a streaming MockAdapter run', async () => {
    const m = manager(new MockAdapter({ reply: 'abcdefgh', chunkSize: 1, latencyMs: 2 }));
    const { run, result } = await runningRun(m);
    expect((await m.pauseRun(run.id)).outcome).toBe('applied');
    expect((await m.resumeRun(run.id)).outcome).toBe('applied');
    expect((await result).output?.content).toBe('abcdefgh');
  });

  it('answers capability_not_supported for what the run did not register', async () => {
    const m = manager(
      testAdapter(async ({ signal }) => aborted(signal).then(() => reply('x')), {
        pause: async () => {},
      }),
    );
    const { run, result } = await runningRun(m);
    expect((await m.pauseRun(run.id)).outcome).toBe('applied');
    const error = await m.interruptRun(run.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'capability_not_supported' });
    expect(String((error as Error).message)).toContain(run.id);
    await m.cancelRun(run.id);
    await result;
  });

  it('calls nothing once execute has returned, even while the run is still being stored', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = new InMemorySessionStore();
    const commit = store.commit.bind(store);
    let ending = false;
    store.commit = async (sessionId: string, request: CommitRequest) => {
      if (request.run?.status === 'completed') {
        ending = true;
        await gate;
      }
      return commit(sessionId, request);
    };
    const calls: string[] = [];
    let late: AdapterExecuteRequest['control'] | null = null;
    const m = manager(
      testAdapter(async (request) => {
        request.control.register({ interrupt: () => void calls.push('interrupt') });
        late = request.control;
        return reply('done');
      }),
      store,
    );
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, 'quick');
    const result = m.executeRun(run.id);
    await until(() => ending);
    expect((await m.getRun(run.id)).status).toBe('running');
    (late as AdapterExecuteRequest['control'] | null)?.register({
      pause: () => void calls.push('pause'),
    });
    for (const op of [m.interruptRun(run.id), m.pauseRun(run.id)]) {
      await expect(op).rejects.toMatchObject({ code: 'invalid_operation' });
    }
    release();
    expect((await result).status).toBe('completed');
    expect(calls).toEqual([]);
  });
});
