import { describe, expect, it } from 'vitest';
import {
  aborted,
  reply,
  STORE_FACTORIES,
  testAdapter,
  until,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { AgentSessionError } from '../../core/agent-session-error.js';

function codeOfRejection(error: unknown): string {
  return AgentSessionError.isInstance(error) ? error.code : `raw: ${String(error)}`;
}

describe.each(STORE_FACTORIES)('cancel races on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  const hanging = () =>
    testAdapter(async ({ signal }) => {
      await aborted(signal);
      return reply('stopped');
    });

  it('cancelRun of a run queued behind another run of its session resolves cancelled', async () => {
    const m = scope.manager(hanging());
    const s = await m.startSession({ agentId: 'a' });
    const first = await m.startRun(s.id, 'one');
    const second = await m.startRun(s.id, 'two');
    const r1 = m.executeRun(first.id);
    const r2 = m.executeRun(second.id);
    await until(async () => (await m.getRun(first.id)).status === 'running');
    const cancelled = await m.cancelRun(second.id, 'not needed');
    expect(cancelled.status).toBe('cancelled');
    expect((await r2).status).toBe('cancelled');
    await m.cancelRun(first.id);
    expect((await r1).status).toBe('cancelled');
  });

  it('cancelRun of a run waiting for a run slot resolves cancelled', async () => {
    const m = scope.manager(hanging(), { limits: { maxParallelRuns: 1, onLimit: 'wait' } });
    const a = await m.startSession({ agentId: 'a' });
    const b = await m.startSession({ agentId: 'b' });
    const first = await m.startRun(a.id, 'one');
    const waiting = await m.startRun(b.id, 'two');
    const r1 = m.executeRun(first.id);
    await until(async () => (await m.getRun(first.id)).status === 'running');
    const r2 = m.executeRun(waiting.id);
    await until(() => m.limits().waitingRuns === 1);
    const cancelled = await m.cancelRun(waiting.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await r2).status).toBe('cancelled');
    await m.cancelRun(first.id);
    await r1;
  });

  it('two cancels of a pending run both resolve with the cancelled run', async () => {
    const m = scope.manager(hanging());
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'one');
    const results = await Promise.allSettled([m.cancelRun(run.id, 'x'), m.cancelRun(run.id, 'y')]);
    for (const r of results) {
      expect(r.status === 'fulfilled' ? r.value.status : codeOfRejection(r.reason)).toBe(
        'cancelled',
      );
    }
  });

  it('many concurrent cancels, executeRun and cancelSession never leak version_conflict', async () => {
    const m = scope.manager(hanging());
    const s = await m.startSession({ agentId: 'a' });
    const blocker = await m.startRun(s.id, 'blocker');
    const queued = await m.startRun(s.id, 'queued');
    const pending = await m.startRun(s.id, 'pending');
    const r0 = m.executeRun(blocker.id);
    const rq = m.executeRun(queued.id);
    await until(async () => (await m.getRun(blocker.id)).status === 'running');
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      calls.push(m.cancelRun(queued.id, `q${i}`), m.cancelRun(pending.id, `p${i}`));
      if (i % 5 === 0) calls.push(m.executeRun(pending.id));
    }
    calls.push(m.cancelSession(s.id, 'stop'));
    const settled = await Promise.allSettled([...calls, rq, r0]);
    const codes = settled
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => codeOfRejection(r.reason));
    expect(codes.filter((c) => c !== 'invalid_operation')).toEqual([]);
    for (const r of settled) {
      if (r.status === 'fulfilled' && typeof r.value === 'object' && r.value !== null) {
        expect((r.value as { status: string }).status).toBe('cancelled');
      }
    }
    expect((await m.getRun(pending.id)).status).toBe('cancelled');
    expect((await m.getRun(queued.id)).status).toBe('cancelled');
  });

  it('cancelRun of a pending run races executeRun: both settle without version_conflict', async () => {
    const m = scope.manager(testAdapter(async () => reply('done')));
    const s = await m.startSession({ agentId: 'a' });
    for (let i = 0; i < 20; i++) {
      const run = await m.startRun(s.id, `r${i}`);
      const settled = await Promise.allSettled([m.executeRun(run.id), m.cancelRun(run.id)]);
      for (const r of settled) {
        if (r.status === 'rejected') expect(codeOfRejection(r.reason)).toBe('invalid_operation');
      }
      const stored = await m.getRun(run.id);
      expect(['completed', 'cancelled']).toContain(stored.status);
    }
  });

  it('two managers executing one pending run: the loser gets invalid_operation naming it', async () => {
    const adapter = testAdapter(async ({ signal }) => {
      await aborted(signal);
      return reply('stopped');
    });
    const m1 = scope.manager(adapter, { ownerId: 'one' });
    const m2 = scope.manager(adapter, { ownerId: 'two' });
    const s = await m1.startSession({ agentId: 'a' });
    const run = await m1.startRun(s.id, 'one');
    const both = [m1.executeRun(run.id), m2.executeRun(run.id)];
    const loser = await Promise.race(
      both.map((p) =>
        p.then(
          () => null,
          (error: unknown) => error,
        ),
      ),
    );
    expect(AgentSessionError.isInstance(loser)).toBe(true);
    const error = loser as AgentSessionError;
    expect(error.code).toBe('invalid_operation');
    expect(error.message).toContain(run.id);
    expect(error.details).toMatchObject({ runId: run.id });
    await m1.cancelRun(run.id).catch(() => undefined);
    await m2.cancelRun(run.id).catch(() => undefined);
    await Promise.allSettled(both);
  });
  it('a pending run saved again before its start still executes', async () => {
    let bumped = false;
    const store = new Proxy(scope.store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'getRun') return typeof value === 'function' ? value.bind(target) : value;
        return async (id: string) => {
          const run = await target.getRun(id);
          if (!bumped && run.status === 'pending') {
            bumped = true;
            // Another writer saves the pending run between the manager's read and its start.
            await target.saveRun({ ...run, metadata: { note: 'edited' } });
          }
          return run;
        };
      },
    });
    const m = scope.manager(
      testAdapter(async () => reply('done')),
      { store },
    );
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'one');
    const result = await m.executeRun(run.id);
    expect(bumped).toBe(true);
    expect(result.status).toBe('completed');
    expect(result.run.metadata).toMatchObject({ note: 'edited' });
  });
});
