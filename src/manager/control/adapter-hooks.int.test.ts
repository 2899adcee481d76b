import { afterEach, describe, expect, it } from 'vitest';
import { aborted, never, reply, testAdapter } from '../../../test/support/manager-kit.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { Run } from '../../core/run.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { SessionManagerOptions } from '../manager-options.js';
import { SessionManager } from '../session-manager.js';

interface HookLog {
  closeSession: string[];
  close: number;
}

/** A replying adapter with `closeSession` and `close` hooks that record their calls. */
function hooked(
  log: HookLog,
  hooks: { closeSession?: () => Promise<void>; close?: () => Promise<void> } = {},
  execute: ProviderAdapter['execute'] = async () => reply('ok'),
): ProviderAdapter {
  return {
    ...testAdapter(execute),
    closeSession(sessionId: string) {
      log.closeSession.push(sessionId);
      return hooks.closeSession?.() ?? Promise.resolve();
    },
    close() {
      log.close++;
      return hooks.close?.() ?? Promise.resolve();
    },
  };
}

const managers: SessionManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
});

function manager(adapter: ProviderAdapter, extra: Partial<SessionManagerOptions> = {}) {
  const m = new SessionManager({ adapter, telemetry: false, ...extra });
  managers.push(m);
  return m;
}

const newLog = (): HookLog => ({ closeSession: [], close: 0 });

async function activeSession(m: SessionManager): Promise<string> {
  const session = await m.startSession({ agentId: 'hooks' });
  await m.activateSession(session.id);
  return session.id;
}

async function hookNotes(m: SessionManager, sessionId: string) {
  return (await m.getEvents(sessionId, { types: ['error_occurred'] })).map((e) => e.data);
}

describe('adapter lifecycle hooks', () => {
  it('closeSession is called once after completeSession, failSession and cancelSession succeed', async () => {
    const log = newLog();
    const m = manager(hooked(log));
    const done = await activeSession(m);
    const failed = await activeSession(m);
    const cancelled = await activeSession(m);
    expect((await m.completeSession(done)).status).toBe('completed');
    expect(log.closeSession).toEqual([done]);
    expect((await m.failSession(failed, new Error('gave up'))).status).toBe('failed');
    expect(log.closeSession).toEqual([done, failed]);
    await m.startRun(cancelled, 'queued');
    expect((await m.cancelSession(cancelled)).status).toBe('cancelled');
    expect(log.closeSession).toEqual([done, failed, cancelled]);
    // A transition that is refused calls nothing.
    await expect(m.completeSession(done)).rejects.toMatchObject({ code: 'invalid_transition' });
    expect(log.closeSession).toHaveLength(3);
    expect(log.close).toBe(0);
  });

  it('runOnce closes its session once; close() calls adapter.close once, after the runs ended and before the store closes', async () => {
    const log = newLog();
    let runAtClose: Run | null = null;
    let running = '';
    const m = manager(
      hooked(
        log,
        {
          close: async () => {
            runAtClose = await m.store.getRun(running);
          },
        },
        async ({ run, signal }) => {
          if (run.input === 'hang') {
            running = run.id;
            await aborted(signal);
          }
          return reply('ok');
        },
      ),
    );
    const result = await m.runOnce({ agentId: 'once' }, 'hi');
    expect(log.closeSession).toEqual([result.run.sessionId]);
    const sessionId = await activeSession(m);
    const run = await m.startRun(sessionId, 'hang');
    const execution = m.executeRun(run.id);
    while (running === '') await new Promise((r) => setTimeout(r, 5));
    await m.close();
    await m.close();
    expect(log.close).toBe(1);
    expect((await execution).status).toBe('cancelled');
    expect((runAtClose as Run | null)?.status).toBe('cancelled');
    await expect(m.store.getSession(sessionId)).rejects.toMatchObject({ code: 'storage_error' });
  });

  it('a throwing or rejecting hook fails nothing and is noted on the session log', async () => {
    const log = newLog();
    let calls = 0;
    const adapter = hooked(log, {
      closeSession: () => {
        calls++;
        if (calls === 1) throw new Error('process already gone');
        return Promise.reject(new Error('kill failed'));
      },
      close: () => Promise.reject(new Error('close failed')),
    });
    const m = manager(adapter);
    const a = await activeSession(m);
    const b = await activeSession(m);
    expect((await m.completeSession(a)).status).toBe('completed');
    expect((await m.cancelSession(b, 'stop')).status).toBe('cancelled');
    expect(log.closeSession).toEqual([a, b]);
    expect(await hookNotes(m, a)).toEqual([
      expect.objectContaining({ errorCode: 'provider_error', fatal: false }),
    ]);
    expect(String((await hookNotes(m, a))[0]?.errorMessage)).toContain('process already gone');
    expect(String((await hookNotes(m, b))[0]?.errorMessage)).toContain('kill failed');
    await expect(m.close()).resolves.toBeUndefined();
    expect(log.close).toBe(1);
  });

  it('a hook that never settles holds neither the transition nor close() beyond adapterCloseTimeoutMs', async () => {
    const log = newLog();
    const m = manager(hooked(log, { closeSession: never, close: never }), {
      adapterCloseTimeoutMs: 50,
    });
    const sessionId = await activeSession(m);
    const started = performance.now();
    expect((await m.failSession(sessionId)).status).toBe('failed');
    expect(String((await hookNotes(m, sessionId))[0]?.errorMessage)).toContain('did not settle');
    await m.close();
    expect(log.close).toBe(1);
    // Two 50 ms bounds; generous for a loaded machine.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('adapters without hooks work as before, and adapterCloseTimeoutMs is validated', async () => {
    const m = manager(testAdapter(async () => reply('ok')));
    const sessionId = await activeSession(m);
    expect((await m.completeSession(sessionId)).status).toBe('completed');
    expect(await hookNotes(m, sessionId)).toEqual([]);
    for (const bad of [-1, 1.5, 2 ** 31, 'soon']) {
      let error: unknown;
      try {
        new SessionManager({
          adapter: testAdapter(async () => reply('x')),
          adapterCloseTimeoutMs: bad as number,
        });
      } catch (e) {
        error = e;
      }
      expect(AgentSessionError.isInstance(error) && error.details.field).toBe(
        'options.adapterCloseTimeoutMs',
      );
    }
  });
});
