import { describe, expect } from 'vitest';
import { nowIso } from '../../core/clock.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { expectCode, newRun, newSession, plainCopy } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

/** Compare-and-set on `version` for sessions and runs. */
export function versionTests(ctx: ConformanceContext): void {
  describe('versions', () => {
    storeTest(ctx, 'each save increments the version and refreshes updatedAt', async (s) => {
      const old = '2020-01-01T00:00:00.000Z';
      const v1 = await s.saveSession(Session.create({ agentId: 'v', createdAt: old }));
      expect(v1.version).toBe(1);
      const before = nowIso();
      const v2 = await s.saveSession(Session.transition(v1, 'active'));
      expect(v2.version).toBe(2);
      expect(v2.status).toBe('active');
      expect(v2.createdAt).toBe(old);
      expect(Date.parse(v2.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before));
      const run = await newRun(s, v1.id);
      const run2 = await s.saveRun(Run.start(run));
      expect([run.version, run2.version]).toEqual([1, 2]);
    });

    storeTest(ctx, 'a stale session save is version_conflict and changes nothing', async (s) => {
      const v1 = await newSession(s);
      const v2 = await s.saveSession(Session.update(v1, { metadata: { step: 2 } }));
      const v3 = await s.saveSession(Session.update(v2, { metadata: { step: 3 } }));
      const stale = plainCopy(Session.update(v2, { metadata: { step: 'stale' } }));
      const before = plainCopy(stale);
      const error = await expectCode(() => s.saveSession(stale), 'version_conflict');
      expect(error.message).toContain(v1.id);
      expect(error.message).toMatch(/\b2\b/);
      expect(error.message).toMatch(/\b3\b/);
      expect(await s.getSession(v1.id)).toEqual(v3);
      expect(stale).toEqual(before);
    });

    storeTest(ctx, 'saving a new session whose id exists is version_conflict', async (s) => {
      const saved = await newSession(s, { metadata: { original: true } });
      const copy = Session.create({ id: saved.id, agentId: 'impostor' });
      await expectCode(() => s.saveSession(copy), 'version_conflict');
      expect(await s.getSession(saved.id)).toEqual(saved);
    });

    storeTest(
      ctx,
      'saving an unstored session with a version above 0 is session_not_found',
      async (s) => {
        const ghost = Session.create({ agentId: 'ghost', version: 4 });
        await expectCode(() => s.saveSession(ghost), 'session_not_found');
        await expectCode(() => s.getSession(ghost.id), 'session_not_found');
      },
    );

    storeTest(ctx, 'a stale run save is version_conflict and changes nothing', async (s) => {
      const session = await newSession(s);
      const r1 = await newRun(s, session.id);
      const r2 = await s.saveRun(Run.start(r1));
      const stale = plainCopy(Run.cancel(r1, 'stale'));
      const before = plainCopy(stale);
      const error = await expectCode(() => s.saveRun(stale), 'version_conflict');
      expect(error.message).toContain(r1.id);
      expect(await s.getRun(r1.id)).toEqual(r2);
      expect(stale).toEqual(before);
    });

    storeTest(ctx, 'saving an unstored run with a version above 0 is run_not_found', async (s) => {
      const session = await newSession(s);
      const ghost = Run.create({ sessionId: session.id, input: 'x', version: 2 });
      await expectCode(() => s.saveRun(ghost), 'run_not_found');
      await expectCode(() => s.getRun(ghost.id), 'run_not_found');
    });

    storeTest(ctx, 'a stored run cannot move to another session', async (s) => {
      const a = await newSession(s);
      const b = await newSession(s);
      const run = await newRun(s, a.id);
      await expectCode(() => s.saveRun({ ...run, sessionId: b.id }), 'validation_error');
      expect(await s.getRun(run.id)).toEqual(run);
      expect((await s.listRuns(b.id)).items).toEqual([]);
    });
  });
}
