import { describe, expect, it } from 'vitest';
import {
  aborted,
  never,
  reply,
  STORE_FACTORIES,
  testAdapter,
  until,
  useTestScope,
} from '../../../test/support/manager-kit.js';

/** An adapter whose run `slow` needs 50 ms to stop after its abort; `log` records starts and that return. */
function slowToStop() {
  const log: string[] = [];
  const adapter = testAdapter(async ({ run, signal }) => {
    log.push(`start:${String(run.input)}`);
    if (run.input === 'slow') {
      await aborted(signal);
      await new Promise((r) => setTimeout(r, 50));
      log.push('slow returned');
    }
    return reply('ok');
  });
  return { log, adapter };
}

describe.each(STORE_FACTORIES)(
  'an aborted adapter keeps its slot on the %s store',
  (_name, makeStore) => {
    const scope = useTestScope(makeStore);

    it('the session’s next run starts only after the cancelled run’s execute returned', async () => {
      const { log, adapter } = slowToStop();
      const m = scope.manager(adapter);
      const s = await m.startSession({ agentId: 'a' });
      const slow = await m.startRun(s.id, 'slow');
      const next = await m.startRun(s.id, 'next');
      const r1 = m.executeRun(slow.id);
      const r2 = m.executeRun(next.id);
      await until(() => log.includes('start:slow'));
      expect((await m.cancelRun(slow.id)).status).toBe('cancelled');
      expect((await r1).status).toBe('cancelled');
      expect((await r2).status).toBe('completed');
      expect(log).toEqual(['start:slow', 'slow returned', 'start:next']);
    });

    it('the maxParallelRuns slot is held until the cancelled run’s execute returned', async () => {
      const { log, adapter } = slowToStop();
      const m = scope.manager(adapter, { limits: { maxParallelRuns: 1, onLimit: 'wait' } });
      const a = await m.startSession({ agentId: 'a' });
      const b = await m.startSession({ agentId: 'b' });
      const slow = await m.startRun(a.id, 'slow');
      const other = await m.startRun(b.id, 'other');
      const r1 = m.executeRun(slow.id);
      await until(() => log.includes('start:slow'));
      const r2 = m.executeRun(other.id);
      await m.cancelRun(slow.id);
      await r1;
      expect(m.limits().activeRuns).toBe(1);
      expect((await r2).status).toBe('completed');
      expect(log).toEqual(['start:slow', 'slow returned', 'start:other']);
      expect(m.limits().peakRuns).toBe(1);
    });

    it('an adapter ignoring abort is given up after abortGraceMs, and an event says so', async () => {
      const log: string[] = [];
      const adapter = testAdapter(async ({ run }) => {
        log.push(`start:${String(run.input)}`);
        if (run.input === 'deaf') return never();
        return reply('ok');
      });
      const m = scope.manager(adapter, { abortGraceMs: 100 });
      const s = await m.startSession({ agentId: 'a' });
      const deaf = await m.startRun(s.id, 'deaf');
      const next = await m.startRun(s.id, 'next');
      const r1 = m.executeRun(deaf.id);
      const r2 = m.executeRun(next.id);
      await until(() => log.includes('start:deaf'));
      await m.cancelRun(deaf.id);
      expect((await r1).status).toBe('cancelled');
      expect(log).toEqual(['start:deaf']);
      expect((await r2).status).toBe('completed');
      const events = await m.getEvents(s.id);
      const types = events.map(
        (e) => `${e.type}:${e.runId === deaf.id ? 'deaf' : e.runId === next.id ? 'next' : '-'}`,
      );
      const note = types.indexOf('error_occurred:-');
      expect(note).toBeGreaterThan(types.indexOf('run_cancelled:deaf'));
      expect(note).toBeLessThan(types.indexOf('run_started:next'));
      const data = events[note]?.data;
      expect(data).toMatchObject({ fatal: false, errorCode: 'provider_error', runId: deaf.id });
      expect(String(data?.errorMessage)).toContain(deaf.id);
      expect(String(data?.errorMessage)).toContain('100 ms');
    });
  },
);
