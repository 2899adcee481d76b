import { afterEach, describe, expect, it } from 'vitest';
import { reply, testAdapter } from '../../test/support/manager-kit.js';
import { AgentSessionError } from '../core/agent-session-error.js';
import { InMemorySessionStore } from '../stores/memory/in-memory-session-store.js';
import { MAX_TIMER_MS, type SessionManagerOptions } from './manager-options.js';
import { SessionManager } from './session-manager.js';

const TOO_LONG = 2 ** 31;

const managers: SessionManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
});

/** An adapter that answers after `ms` (so a timer that fires at once is seen). */
const slow = (ms = 30) =>
  testAdapter(async () => {
    await new Promise((r) => setTimeout(r, ms));
    return reply('late but fine');
  });

function manager(extra: Partial<SessionManagerOptions> = {}): SessionManager {
  const m = new SessionManager({ adapter: slow(), telemetry: false, ...extra });
  managers.push(m);
  return m;
}

async function rejection(action: () => Promise<unknown>): Promise<AgentSessionError> {
  const error = await action().then(
    () => null,
    (e: unknown) => e,
  );
  expect(AgentSessionError.isInstance(error)).toBe(true);
  return error as AgentSessionError;
}

function expectTooLong(error: AgentSessionError, field: string): void {
  expect(error.code).toBe('validation_error');
  expect(error.details.field).toBe(field);
  expect(error.message).toContain(field);
  expect(error.message).toContain(String(MAX_TIMER_MS));
}

describe('timer options are bounded by MAX_TIMER_MS (2^31 - 1 ms)', () => {
  it('MAX_TIMER_MS is the largest delay Node timers can wait', () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
  });

  it('heartbeatIntervalMs: 2^31 is rejected, 2^31 - 1 accepted and never fires early', async () => {
    try {
      manager({ heartbeatIntervalMs: TOO_LONG });
      expect.unreachable();
    } catch (error) {
      expectTooLong(error as AgentSessionError, 'options.heartbeatIntervalMs');
    }
    // Heartbeats are run saves: with no heartbeat during the run, the run's version is that of a
    // run whose interval is far longer than it.
    const versions: number[] = [];
    for (const heartbeatIntervalMs of [MAX_TIMER_MS, 60_000]) {
      const m = manager({ heartbeatIntervalMs });
      const session = await m.startSession({ agentId: 'a' });
      const run = await m.startRun(session.id, 'x');
      const result = await m.executeRun(run.id);
      expect(result.status).toBe('completed');
      versions.push(result.run.version);
    }
    expect(versions[0]).toBe(versions[1]);
  });

  it('startRun timeoutMs: 2^31 is rejected and nothing is stored; 2^31 - 1 is a real limit', async () => {
    const m = manager();
    const session = await m.startSession({ agentId: 'a' });
    expectTooLong(
      await rejection(() => m.startRun(session.id, 'x', { timeoutMs: TOO_LONG })),
      'options.timeoutMs',
    );
    expectTooLong(
      await rejection(() => m.startRun(session.id, 'x', { metadata: { timeoutMs: TOO_LONG } })),
      'options.metadata.timeoutMs',
    );
    expect((await m.listRuns(session.id)).items).toHaveLength(0);
    const run = await m.startRun(session.id, 'x', { timeoutMs: MAX_TIMER_MS });
    expect(run.metadata.timeoutMs).toBe(MAX_TIMER_MS);
    const result = await m.executeRun(run.id);
    expect(result.status).toBe('completed');
  });

  it('executeRun timeoutMs: 2^31 is rejected and the run stays pending; 2^31 - 1 accepted', async () => {
    const m = manager();
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, 'x');
    expectTooLong(
      await rejection(() => m.executeRun(run.id, { timeoutMs: TOO_LONG })),
      'options.timeoutMs',
    );
    expect((await m.getRun(run.id)).status).toBe('pending');
    const result = await m.executeRun(run.id, { timeoutMs: MAX_TIMER_MS });
    expect(result.status).toBe('completed');
  });

  it('a run whose stored metadata holds an unusable timeoutMs runs without a limit', async () => {
    const store = new InMemorySessionStore();
    const m = manager({ store });
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, 'x');
    // Written by something else than startRun: the manager does not trust it as a timer.
    const stored = await store.saveRun({ ...run, metadata: { timeoutMs: TOO_LONG } });
    const result = await m.executeRun(stored.id);
    expect(result.status).toBe('completed');
    await m.close();
    await store.close();
  });

  it('runOnce timeoutMs: 2^31 is rejected before a session is stored; 2^31 - 1 accepted', async () => {
    const m = manager();
    expectTooLong(
      await rejection(() => m.runOnce({ agentId: 'a' }, 'x', { timeoutMs: TOO_LONG })),
      'options.timeoutMs',
    );
    expect((await m.listSessions()).items).toHaveLength(0);
    const result = await m.runOnce({ agentId: 'a' }, 'x', { timeoutMs: MAX_TIMER_MS });
    expect(result.status).toBe('completed');
  });
});
