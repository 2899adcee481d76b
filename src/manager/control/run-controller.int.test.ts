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
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { SessionManager } from '../session-manager.js';

describe.each(STORE_FACTORIES)('run control and recovery on the %s store', (_name, makeStore) => {
  const scope = useTestScope(makeStore);

  function controllable() {
    const calls: string[] = [];
    const adapter = testAdapter(
      async ({ signal }) => {
        await aborted(signal);
        return reply('stopped');
      },
      {
        interrupt: async (id) => void calls.push(`interrupt:${id}`),
        pause: async (id) => void calls.push(`pause:${id}`),
        resume: async (id) => void calls.push(`resume:${id}`),
      },
    );
    return { adapter, calls };
  }

  async function running(m: SessionManager) {
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'work');
    const result = m.executeRun(run.id);
    await until(async () => (await m.getRun(run.id)).status === 'running');
    return { run, result };
  }

  it('interrupt, pause and resume go to the adapter and are recorded', async () => {
    const { adapter, calls } = controllable();
    const m = new SessionManager({ store: scope.store, adapter, telemetry: false });
    const { run, result } = await running(m);
    expect((await m.interruptRun(run.id)).outcome).toBe('applied');
    expect((await m.pauseRun(run.id)).outcome).toBe('applied');
    expect((await m.pauseRun(run.id)).outcome).toBe('already_applied');
    expect((await m.resumeRun(run.id)).outcome).toBe('applied');
    expect((await m.resumeRun(run.id)).outcome).toBe('already_applied');
    expect(calls).toEqual([`interrupt:${run.id}`, `pause:${run.id}`, `resume:${run.id}`]);
    await m.cancelRun(run.id, 'enough');
    expect((await result).status).toBe('cancelled');
    expect(m.getRunOperations(run.id).map((o) => `${o.operation}:${o.outcome}`)).toEqual([
      'interrupt:applied',
      'pause:applied',
      'pause:already_applied',
      'resume:applied',
      'resume:already_applied',
      'cancel:applied',
    ]);
    // Cancel is idempotent: cancelling the cancelled run resolves with it.
    expect((await m.cancelRun(run.id)).status).toBe('cancelled');
    await expect(m.pauseRun(run.id)).rejects.toMatchObject({ code: 'invalid_operation' });
    const { events } = await expectRunInvariants(scope.store, run.id);
    expect(events.at(-1)?.data).toEqual({ reason: 'enough' });
    await m.close();
  });

  it('capability_not_supported when the adapter lacks the control method', async () => {
    const m = new SessionManager({
      store: scope.store,
      adapter: testAdapter(async ({ signal }) => aborted(signal).then(() => reply('x'))),
      telemetry: false,
    });
    const { run, result } = await running(m);
    for (const op of [m.interruptRun(run.id), m.pauseRun(run.id), m.resumeRun(run.id)]) {
      await expect(op).rejects.toMatchObject({ code: 'capability_not_supported' });
    }
    await m.cancelRun(run.id);
    await result;
    await m.close();
  });

  it('timeoutMs from startRun ends the run with run_timeout', async () => {
    const m = new SessionManager({
      store: scope.store,
      adapter: testAdapter(() => never()),
      telemetry: false,
    });
    const s = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(s.id, 'slow', { timeoutMs: 25 });
    const result = await m.executeRun(run.id);
    expect(result.status).toBe('timeout');
    expect(result.error?.code).toBe('timeout');
    expect(result.error?.retryable).toBe(true);
    const { events, run: stored } = await expectRunInvariants(scope.store, run.id);
    expect(stored.status).toBe('timeout');
    expect(events.at(-1)?.data).toEqual({ timeoutMs: 25 });
    await m.close();
  });

  it('close cancels running runs with reason manager_closed', async () => {
    const m = new SessionManager({
      store: scope.store,
      adapter: testAdapter(() => never()),
      telemetry: false,
    });
    const { run, result } = await running(m);
    await m.close();
    expect((await result).status).toBe('cancelled');
    const { events } = await expectRunInvariants(scope.store, run.id);
    expect(events.at(-1)?.data).toEqual({ reason: 'manager_closed' });
    await expect(m.startSession({ agentId: 'x' })).rejects.toMatchObject({
      code: 'invalid_operation',
    });
  });

  it('cancelling a session cancels its running run', async () => {
    const m = new SessionManager({
      store: scope.store,
      adapter: testAdapter(() => never()),
      telemetry: false,
    });
    const { run, result } = await running(m);
    await m.cancelSession(run.sessionId, 'bye');
    expect((await result).status).toBe('cancelled');
    await expectRunInvariants(scope.store, run.id);
    const types = (await m.getEvents(run.sessionId)).map((e) => e.type);
    expect(types.filter((t) => t === 'session_cancelled')).toHaveLength(1);
    await m.close();
  });

  it('recover() fails a running run of a dead owner, keeping live ones', async () => {
    const session = await scope.store.saveSession(
      Session.create({ agentId: 'a', status: 'active' }),
    );
    await scope.store.appendEvents(session.id, [
      SessionEvent.create({ type: 'session_created', sessionId: session.id }),
    ]);
    const old = new Date(Date.now() - 60_000).toISOString();
    const dead = await scope.store.saveRun({
      ...Run.start(Run.create({ sessionId: session.id, input: 'x' })),
      owner: 'other-host:1:abc',
      heartbeatAt: old,
    });
    await scope.store.appendEvents(session.id, [
      SessionEvent.create({
        type: 'run_started',
        sessionId: session.id,
        runId: dead.id,
        data: { provider: 'test', model: null, providerSessionId: null },
      }),
    ]);
    const alive = await scope.store.saveRun({
      ...Run.start(Run.create({ sessionId: session.id, input: 'y' })),
      owner: 'other-host:2:def',
      heartbeatAt: new Date().toISOString(),
    });
    const m = new SessionManager({
      store: scope.store,
      adapter: testAdapter(async () => reply('x')),
      telemetry: false,
    });
    const { recovered } = await m.recover({ staleAfterMs: 10_000 });
    expect(recovered.map((r) => r.id)).toEqual([dead.id]);
    const { run, events } = await expectRunInvariants(scope.store, dead.id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('internal_error');
    expect(run.error?.message).toContain('other-host:1:abc');
    expect(events.at(-1)?.type).toBe('run_failed');
    expect((await scope.store.getRun(alive.id)).status).toBe('running');
    expect((await m.recover({ staleAfterMs: 10_000 })).recovered).toEqual([]);
    await m.close();
  });

  it('heartbeats keep a long run from being recovered', async () => {
    const m = new SessionManager({
      store: scope.store,
      adapter: testAdapter(() => never()),
      telemetry: false,
      heartbeatIntervalMs: 10,
    });
    const { run, result } = await running(m);
    const first = (await m.getRun(run.id)).heartbeatAt as string;
    await until(async () => ((await m.getRun(run.id)).heartbeatAt as string) > first);
    const other = new SessionManager({
      store: scope.store,
      adapter: testAdapter(() => never()),
      telemetry: false,
    });
    await new Promise((r) => setTimeout(r, 30));
    expect((await other.recover({ staleAfterMs: 1000 })).recovered).toEqual([]);
    await m.cancelRun(run.id);
    expect((await result).status).toBe('cancelled');
    await expectRunInvariants(scope.store, run.id);
    await other.close();
    await m.close();
  });
});
