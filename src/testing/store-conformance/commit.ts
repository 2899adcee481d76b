import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, MISSING_SESSION, message, messages, newRun, newSession } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

/** A session and a run, each saved twice (so version 1 is stale), with one stored event. */
async function setUp(store: SessionStore) {
  const s1 = await newSession(store);
  const session = await store.saveSession(Session.update(s1, { metadata: { saved: 2 } }));
  const events = await store.appendEvents(session.id, messages(session.id, 1));
  const r1 = await newRun(store, session.id);
  const run = await store.saveRun(Run.start(r1));
  return { session, events, staleSession: s1, staleRun: r1, run };
}

async function expectUnchanged(store: SessionStore, state: Awaited<ReturnType<typeof setUp>>) {
  expect(await store.getSession(state.session.id)).toEqual(state.session);
  expect(await store.getRun(state.run.id)).toEqual(state.run);
  expect(await store.readEvents(state.session.id)).toEqual(state.events);
  expect((await store.listRuns(state.session.id)).items).toEqual([state.run]);
}

/** `commit`: events plus session and run saves in one all-or-nothing write. */
export function commitTests(ctx: ConformanceContext): void {
  describe('commit', () => {
    storeTest(ctx, 'commit appends events and saves the session and a run together', async (s) => {
      const { session, run } = await setUp(s);
      const events = messages(session.id, 2, 'commit');
      const result = await s.commit(session.id, {
        events,
        expectedSeq: 1,
        session: Session.transition(session, 'active'),
        run: Run.complete(run, { content: 'done', stopReason: 'end_turn', toolCalls: [] }),
      });
      expect(result.events.map((e) => e.seq)).toEqual([2, 3]);
      expect(result.session?.version).toBe(3);
      expect(result.run?.version).toBe(3);
      expect(await s.getSession(session.id)).toEqual(result.session);
      expect(await s.getRun(run.id)).toEqual(result.run);
      expect((await s.readEvents(session.id, { after: 1 })).map((e) => e.id)).toEqual(
        events.map((e) => e.id),
      );
      const bare = await s.commit(session.id, { events: [message(session.id, 'alone')] });
      expect([bare.session, bare.run, bare.events[0]?.seq]).toEqual([null, null, 4]);
    });

    storeTest(ctx, 'commit with a stale run version writes nothing', async (s) => {
      const state = await setUp(s);
      const { session, staleRun } = state;
      const request = {
        events: messages(session.id, 2),
        session: Session.transition(session, 'active'),
        run: Run.cancel(staleRun),
      };
      await expectCode(() => s.commit(session.id, request), 'version_conflict');
      await expectUnchanged(s, state);
    });

    storeTest(ctx, 'commit with a stale session version writes nothing', async (s) => {
      const state = await setUp(s);
      const { session, staleSession, run } = state;
      const stale = Session.transition(staleSession, 'active');
      const request = { events: messages(session.id, 1), session: stale, run: Run.cancel(run) };
      await expectCode(() => s.commit(session.id, request), 'version_conflict');
      await expectUnchanged(s, state);
    });

    storeTest(ctx, 'commit with a stale expectedSeq writes nothing', async (s) => {
      const state = await setUp(s);
      const { session, run } = state;
      const request = { events: messages(session.id, 1), expectedSeq: 0, run: Run.cancel(run) };
      await expectCode(() => s.commit(session.id, request), 'version_conflict');
      await expectUnchanged(s, state);
    });

    storeTest(ctx, 'commit with an invalid event writes nothing', async (s) => {
      const state = await setUp(s);
      const { session } = state;
      const events = [message(session.id, 'ok'), message('ses_other', 'wrong session')];
      const newRunValue = Run.create({ sessionId: session.id, input: 'new' });
      const request = { events, session: Session.transition(session, 'active'), run: newRunValue };
      await expectCode(() => s.commit(session.id, request), 'validation_error');
      await expectUnchanged(s, state);
      await expectCode(() => s.getRun(newRunValue.id), 'run_not_found');
    });

    storeTest(ctx, 'commit rejects a session or run of another session', async (s) => {
      const state = await setUp(s);
      const other = await newSession(s);
      const foreignRun = Run.create({ sessionId: other.id, input: 'x' });
      const id = state.session.id;
      await expectCode(() => s.commit(id, { session: other }), 'validation_error');
      await expectCode(() => s.commit(id, { run: foreignRun }), 'validation_error');
      await expectUnchanged(s, state);
      await expectCode(() => s.getRun(foreignRun.id), 'run_not_found');
    });

    storeTest(ctx, 'commit on a missing session is session_not_found', async (s) => {
      const request = { events: [message(MISSING_SESSION, 'x')] };
      await expectCode(() => s.commit(MISSING_SESSION, request), 'session_not_found');
    });
  });
}
