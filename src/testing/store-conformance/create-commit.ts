import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, message, newRun, newSession } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

function created(sessionId: string): SessionEvent {
  return SessionEvent.create({ type: 'session_created', sessionId });
}

async function expectAbsent(store: SessionStore, sessionId: string): Promise<void> {
  await expectCode(() => store.getSession(sessionId), 'session_not_found');
  await expectCode(() => store.readEvents(sessionId), 'session_not_found');
  expect((await store.listSessions()).items.map((s) => s.id)).not.toContain(sessionId);
}

/** `commit` with a session of version 0: the session and its first events in one write. */
export function createCommitTests(ctx: ConformanceContext): void {
  describe('commit creating a session', () => {
    storeTest(ctx, 'a commit with a session of version 0 creates it with its events', async (s) => {
      const session = Session.create({ agentId: 'created', tags: ['new'] });
      const first = created(session.id);
      const result = await s.commit(session.id, { session, events: [first], expectedSeq: 0 });
      expect(result.session).toMatchObject({ id: session.id, version: 1, tags: ['new'] });
      expect(result.events).toEqual([{ ...first, seq: 1 }]);
      expect(result.run).toBeNull();
      expect(await s.getSession(session.id)).toEqual(result.session);
      expect(await s.readEvents(session.id)).toEqual(result.events);
      expect((await s.listSessions({ tag: 'new' })).items).toEqual([result.session]);
      const next = await s.appendEvents(session.id, [message(session.id, 'then')]);
      expect(next[0]?.seq).toBe(2);
    });

    storeTest(ctx, 'a creating commit may save the first run of the session too', async (s) => {
      const session = Session.create({ agentId: 'with-run' });
      const run = Run.create({ sessionId: session.id, input: 'first' });
      const result = await s.commit(session.id, { session, run, events: [created(session.id)] });
      expect(result.run).toMatchObject({ id: run.id, version: 1 });
      expect(await s.getRun(run.id)).toEqual(result.run);
      expect((await s.listRuns(session.id)).items).toEqual([result.run]);
    });

    storeTest(
      ctx,
      'creating a session that exists is already_exists and writes nothing',
      async (s) => {
        const existing = await newSession(s);
        const [stored] = await s.appendEvents(existing.id, [created(existing.id)]);
        const again = Session.create({ id: existing.id, agentId: 'again' });
        const error = await expectCode(
          () => s.commit(existing.id, { session: again, events: [message(existing.id, 'x')] }),
          'already_exists',
        );
        expect(error.details).toEqual({ sessionId: existing.id });
        expect(error.message).toContain(existing.id);
        expect(await s.getSession(existing.id)).toEqual(existing);
        expect(await s.readEvents(existing.id)).toEqual([stored]);
      },
    );

    storeTest(ctx, 'a creating commit whose events fail leaves no session behind', async (s) => {
      const other = await newSession(s);
      const [taken] = await s.appendEvents(other.id, [created(other.id)]);
      const ended = await s.saveRun(Run.cancel(await newRun(s, other.id)));
      const failures: [string, (id: string) => unknown[], number | undefined, string][] = [
        ['an event of another session', () => [message(other.id, 'x')], 0, 'validation_error'],
        [
          'a malformed event',
          (id) => [created(id), { type: 'session_created' }],
          0,
          'validation_error',
        ],
        [
          'an event id stored elsewhere',
          (id) => [created(id), SessionEvent.create({ ...taken!, sessionId: id, seq: 0 })],
          0,
          'already_exists',
        ],
        ['a stale expectedSeq', (id) => [created(id)], 3, 'version_conflict'],
        [
          'an event of an ended run',
          (id) => [message(id, 'x', { runId: ended.id })],
          0,
          'invalid_status',
        ],
      ];
      for (const [what, events, expectedSeq, code] of failures) {
        const session = Session.create({ agentId: `fails: ${what}` });
        const run = Run.create({ sessionId: session.id, input: 'x' });
        const request = { session, run, events: events(session.id), expectedSeq };
        const error = await expectCode(() => s.commit(session.id, request as never), code as never);
        expect(error.code, what).toBe(code);
        await expectAbsent(s, session.id);
        await expectCode(() => s.getRun(run.id), 'run_not_found');
      }
      expect(await s.readEvents(other.id)).toEqual([taken]);
    });

    storeTest(ctx, 'of two concurrent creating commits of one id exactly one wins', async (s) => {
      for (let round = 0; round < 10; round++) {
        const session = Session.create({ agentId: 'race' });
        const attempts = ['a', 'b'].map((who) =>
          s.commit(session.id, {
            session: Session.update(session, { metadata: { who } }),
            events: [created(session.id), message(session.id, who)],
            expectedSeq: 0,
          }),
        );
        const results = await Promise.allSettled(attempts);
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toMatchObject({ code: 'already_exists' });
        const log = await s.readEvents(session.id);
        expect(log.map((e) => e.seq)).toEqual([1, 2]);
        const who = (await s.getSession(session.id)).metadata.who;
        expect((log[1]?.data as { content?: string } | undefined)?.content).toBe(who);
      }
    });
  });
}
