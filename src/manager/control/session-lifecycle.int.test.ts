import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expectRunInvariants,
  reply,
  STORE_FACTORIES,
  type StoreFixture,
  testAdapter,
} from '../../../test/support/manager-kit.js';
import type { SessionStore } from '../../ports/session-store.js';
import { SessionManager } from '../session-manager.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'resolved';
}

describe.each(STORE_FACTORIES)('session lifecycle on the %s store', (_name, makeStore) => {
  let fixture: StoreFixture;
  let store: SessionStore;
  let m: SessionManager;

  beforeEach(() => {
    fixture = makeStore();
    store = fixture.store;
    m = new SessionManager({
      store,
      adapter: testAdapter(async () => reply('ok'), { capabilities: ['tool', 'file_access'] }),
      telemetry: false,
    });
  });
  afterEach(async () => {
    await m.close();
    await fixture.dispose();
  });

  const types = async (id: string) => (await m.getEvents(id)).map((e) => e.type);

  it('starts every log with session_created and stores one event per transition', async () => {
    const s = await m.startSession({
      agentId: 'bot',
      tags: ['t'],
      context: { systemPrompt: 'Be brief.' },
    });
    expect(s.status).toBe('pending');
    expect((await m.getEvents(s.id))[0]).toMatchObject({ seq: 1, type: 'session_created' });
    expect((await m.activateSession(s.id)).status).toBe('active');
    expect((await m.pauseSession(s.id)).status).toBe('paused');
    expect((await m.resumeSession(s.id)).status).toBe('active');
    expect((await m.completeSession(s.id)).status).toBe('completed');
    expect(await types(s.id)).toEqual([
      'session_created',
      'session_started',
      'session_paused',
      'session_resumed',
      'session_completed',
    ]);
    expect((await m.getSession(s.id)).status).toBe('completed');
  });

  it('fail and cancel store their data', async () => {
    const a = await m.startSession({ agentId: 'bot' });
    await m.failSession(a.id, { code: 'provider_error', message: 'boom' });
    expect((await m.getEvents(a.id)).at(-1)?.data).toEqual({
      errorCode: 'provider_error',
      errorMessage: 'boom',
    });
    const b = await m.startSession({ agentId: 'bot' });
    await m.cancelSession(b.id, 'user left');
    expect((await m.getEvents(b.id)).at(-1)?.data).toEqual({ reason: 'user left' });
    expect((await m.getSession(b.id)).status).toBe('cancelled');
  });

  it('refuses invalid transitions with invalid_transition and stores nothing', async () => {
    const s = await m.startSession({ agentId: 'bot' });
    expect(await codeOf(m.pauseSession(s.id))).toBe('invalid_transition');
    expect(await codeOf(m.resumeSession(s.id))).toBe('invalid_transition');
    expect(await codeOf(m.completeSession(s.id))).toBe('invalid_transition');
    await m.activateSession(s.id);
    expect(await codeOf(m.activateSession(s.id))).toBe('invalid_transition');
    await m.completeSession(s.id);
    expect(await codeOf(m.cancelSession(s.id))).toBe('invalid_transition');
    expect(await types(s.id)).toEqual(['session_created', 'session_started', 'session_completed']);
    expect(await codeOf(m.getSession('ses_missing'))).toBe('session_not_found');
  });

  it('refuses runs on paused and finished sessions', async () => {
    const s = await m.startSession({ agentId: 'bot' });
    await m.activateSession(s.id);
    await m.pauseSession(s.id);
    const paused = m.startRun(s.id, 'x');
    await expect(paused).rejects.toMatchObject({
      code: 'invalid_operation',
      message: expect.stringContaining('paused'),
    });
    await m.resumeSession(s.id);
    await m.completeSession(s.id);
    await expect(m.startRun(s.id, 'x')).rejects.toMatchObject({
      message: expect.stringContaining(s.id),
    });
    expect((await m.listRuns(s.id)).items).toHaveLength(0);
  });

  it('a pending session is activated by its first run, in the run’s start commit', async () => {
    const s = await m.startSession({ agentId: 'bot' });
    const run = await m.startRun(s.id, 'hi');
    expect(run.status).toBe('pending');
    expect(await types(s.id)).toEqual(['session_created']);
    await m.executeRun(run.id);
    expect((await m.getSession(s.id)).status).toBe('active');
    expect((await types(s.id)).slice(0, 3)).toEqual([
      'session_created',
      'session_started',
      'run_started',
    ]);
    await expectRunInvariants(store, run.id);
  });

  it('negotiates capabilities: missing required stores nothing, degraded is recorded', async () => {
    const s = await m.startSession({ agentId: 'bot' });
    await expect(
      m.startRun(s.id, 'x', { requiredCapabilities: ['network_access'] }),
    ).rejects.toMatchObject({
      code: 'missing_required_capability',
    });
    expect((await m.listRuns(s.id)).items).toHaveLength(0);
    const run = await m.startRun(s.id, 'x', {
      requiredCapabilities: ['tool'],
      optionalCapabilities: ['sampling'],
      metadata: { ticket: 7 },
    });
    expect(run.metadata).toMatchObject({
      ticket: 7,
      capabilities: {
        status: 'degraded',
        unsupported: ['sampling'],
        warnings: [expect.stringContaining('sampling')],
      },
    });
    const full = await m.startRun(s.id, 'x', { requiredCapabilities: ['file_access'] });
    expect(full.metadata.capabilities).toMatchObject({ status: 'full', unsupported: [] });
  });

  it('runOnce completes the session on success and fails it on failure', async () => {
    const ok = await m.runOnce({ agentId: 'bot' }, 'hi');
    expect(ok.status).toBe('completed');
    expect((await m.getSession(ok.run.sessionId)).status).toBe('completed');
    const failing = new SessionManager({
      store,
      telemetry: false,
      adapter: testAdapter(async () => {
        throw new Error('nope');
      }),
    });
    const bad = await failing.runOnce({ agentId: 'bot' }, 'hi');
    expect(bad.status).toBe('failed');
    const session = await failing.getSession(bad.run.sessionId);
    expect(session.status).toBe('failed');
    expect((await failing.getEvents(session.id)).at(-1)?.data).toMatchObject({
      errorCode: 'provider_error',
    });
    await failing.close();
  });

  it('cancelling a session cancels its pending runs', async () => {
    const s = await m.startSession({ agentId: 'bot' });
    const run = await m.startRun(s.id, 'x');
    await m.cancelSession(s.id);
    expect((await m.getRun(run.id)).status).toBe('cancelled');
    await expect(m.executeRun(run.id)).rejects.toMatchObject({ code: 'invalid_operation' });
  });
});
