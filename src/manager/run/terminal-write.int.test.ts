import { describe, expect, it } from 'vitest';
import {
  expectRunInvariants,
  reply,
  STORE_FACTORIES,
  testAdapter,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import type { CommitRequest } from '../../core/store-queries.js';
import type { SessionStore } from '../../ports/session-store.js';
import { SessionManager } from '../session-manager.js';

/** `store` whose `commit` throws a disk-full error while `fail(request)` says so. */
function failingCommits(store: SessionStore, fail: (request: CommitRequest) => boolean) {
  let failures = 0;
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'commit') {
        return async (sessionId: string, request: CommitRequest) => {
          if (fail(request)) {
            failures++;
            throw new AgentSessionError('storage_write_failed', 'database or disk is full');
          }
          return target.commit(sessionId, request);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, failures: () => failures };
}

/** A manager over `store` whose adapter answers every run with 'hi'. */
const replying = (store: SessionStore) =>
  new SessionManager({ store, adapter: testAdapter(async () => reply('hi')), telemetry: false });

const isTerminal = (request: CommitRequest) =>
  request.run !== undefined && Run.isTerminal(request.run);

describe.each(STORE_FACTORIES)('failing commits on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  it('a terminal commit that fails a few times is retried and the run completes', async () => {
    let left = 3;
    const { store, failures } = failingCommits(scope.store, (r) => isTerminal(r) && left-- > 0);
    const m = replying(store);
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'go');
    const result = await m.executeRun(run.id);
    expect(result.status).toBe('completed');
    expect(failures()).toBe(3);
    await expectRunInvariants(scope.store, run.id);
    await m.close();
  });

  it('a terminal commit failing until close is finished by close()', async () => {
    let broken = true;
    const { store } = failingCommits(scope.store, (r) => broken && isTerminal(r));
    const m = replying(store);
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'go');
    await expect(m.executeRun(run.id)).rejects.toMatchObject({ code: 'storage_write_failed' });
    expect((await scope.store.getRun(run.id)).status).toBe('running');
    broken = false;
    await m.close();
    const { run: stored } = await expectRunInvariants(scope.store, run.id);
    expect(stored.status).toBe('completed');
  });

  it('a terminal commit failing for a while is finished before the next run starts', async () => {
    let broken = true;
    const { store } = failingCommits(scope.store, (r) => broken && isTerminal(r));
    const m = replying(store);
    const s = await m.startSession({ agentId: 'a' });
    const first = await m.startRun(s.id, 'one');
    await expect(m.executeRun(first.id)).rejects.toMatchObject({ code: 'storage_write_failed' });
    broken = false;
    const second = await m.startRun(s.id, 'two');
    expect((await m.executeRun(second.id)).status).toBe('completed');
    expect((await expectRunInvariants(scope.store, first.id)).run.status).toBe('completed');
    const types = (await scope.store.readEvents(s.id)).map((e) => e.type);
    expect(types.indexOf('run_completed')).toBeLessThan(types.lastIndexOf('run_started'));
    await m.close();
  });

  it('startSession whose commit fails leaves no session behind', async () => {
    const { store } = failingCommits(scope.store, () => true);
    const m = replying(store);
    await expect(m.startSession({ agentId: 'a' })).rejects.toMatchObject({
      code: 'storage_write_failed',
    });
    expect((await scope.store.listSessions()).items).toEqual([]);
    await m.close();
  });
});
