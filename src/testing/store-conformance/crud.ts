import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import {
  expectCode,
  MISSING_RUN,
  MISSING_SESSION,
  messages,
  newRun,
  newSession,
  plainCopy,
  tryMutate,
} from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

/** Create, read and delete sessions and runs; not-found codes; values not shared with callers. */
export function crudTests(ctx: ConformanceContext): void {
  describe('create, read, delete', () => {
    storeTest(ctx, 'saves a new session with version 1 and reads it back', async (store) => {
      const parent = await newSession(store);
      const session = Session.create({
        agentId: 'crud',
        parentSessionId: parent.id,
        context: { systemPrompt: 'Be brief.', nested: { list: [1, 'two', null, true] } },
        metadata: { team: 'a', score: 1.5 },
        tags: ['x', 'y'],
        providerSessionId: 'provider-1',
      });
      const saved = await store.saveSession(session);
      expect(saved.version).toBe(1);
      expect({ ...saved, updatedAt: session.updatedAt, version: 0 }).toEqual(session);
      expect(await store.getSession(session.id)).toEqual(saved);
    });

    storeTest(ctx, 'saves a new run with version 1 and reads it back', async (store) => {
      const session = await newSession(store);
      const run = Run.start(
        Run.create({
          sessionId: session.id,
          input: { messages: [{ role: 'user', content: 'Fix the test' }] },
          metadata: { attempt: 1 },
          owner: 'worker-1',
          tokenUsage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
          costUsd: 0.25,
        }),
      );
      const saved = await store.saveRun(run);
      expect(saved).toEqual({ ...run, version: 1 });
      expect(await store.getRun(run.id)).toEqual(saved);
    });

    storeTest(ctx, 'a missing session or run is session_not_found / run_not_found', async (s) => {
      await expectCode(() => s.getSession(MISSING_SESSION), 'session_not_found');
      await expectCode(() => s.getRun(MISSING_RUN), 'run_not_found');
    });

    storeTest(ctx, 'saving a run of a missing session is session_not_found', async (store) => {
      const run = Run.create({ sessionId: MISSING_SESSION, input: 'x' });
      await expectCode(() => store.saveRun(run), 'session_not_found');
      await expectCode(() => store.getRun(run.id), 'run_not_found');
    });

    storeTest(ctx, 'a new session has latest seq 0 and no events', async (store) => {
      const session = await newSession(store);
      expect(await store.latestSeq(session.id)).toBe(0);
      expect(await store.readEvents(session.id)).toEqual([]);
    });

    storeTest(ctx, 'deleting a session removes its runs and events, nothing else', async (s) => {
      const a = await newSession(s);
      const b = await newSession(s);
      const runA = await newRun(s, a.id);
      const runB = await newRun(s, b.id);
      await s.appendEvents(a.id, messages(a.id, 3));
      const eventsB = await s.appendEvents(b.id, messages(b.id, 2));
      await s.deleteSession(a.id);
      await expectCode(() => s.getSession(a.id), 'session_not_found');
      await expectCode(() => s.getRun(runA.id), 'run_not_found');
      await expectCode(() => s.readEvents(a.id), 'session_not_found');
      await expectCode(() => s.latestSeq(a.id), 'session_not_found');
      expect(await s.getSession(b.id)).toEqual(b);
      expect(await s.getRun(runB.id)).toEqual(runB);
      expect(await s.readEvents(b.id)).toEqual(eventsB);
      expect((await s.listSessions()).items.map((x) => x.id)).toEqual([b.id]);
      expect((await s.findRuns()).items.map((x) => x.id)).toEqual([runB.id]);
    });

    storeTest(ctx, 'deleting a missing session is session_not_found', async (store) => {
      await expectCode(() => store.deleteSession(MISSING_SESSION), 'session_not_found');
    });

    storeTest(ctx, 'a deleted session id can be created again, empty', async (store) => {
      const first = await newSession(store);
      const events = await store.appendEvents(first.id, messages(first.id, 2));
      await store.deleteSession(first.id);
      const again = await store.saveSession(Session.create({ id: first.id, agentId: 'again' }));
      expect(again.version).toBe(1);
      expect(await store.latestSeq(first.id)).toBe(0);
      const reappended = await store.appendEvents(first.id, events);
      expect(reappended.map((e) => e.seq)).toEqual([1, 2]);
    });

    storeTest(
      ctx,
      'callers changing passed or returned values do not change the store',
      async (s) => {
        const input: { -readonly [K in keyof Session]: Session[K] } = plainCopy(
          Session.create({ agentId: 'owner', context: { k: 'v' }, tags: ['t'] }),
        );
        const saved = await s.saveSession(input);
        input.agentId = 'changed';
        (input.context as Record<string, unknown>).k = 'changed';
        (input.tags as string[]).push('changed');
        tryMutate(() => {
          (saved as { agentId: string }).agentId = 'changed';
          (saved.context as Record<string, unknown>).k = 'changed';
          (saved.tags as string[]).push('changed');
        });
        const read = await s.getSession(saved.id);
        expect(read.agentId).toBe('owner');
        expect(read.context).toEqual({ k: 'v' });
        expect(read.tags).toEqual(['t']);
        tryMutate(() => {
          (read as { agentId: string }).agentId = 'changed';
        });
        expect((await s.getSession(saved.id)).agentId).toBe('owner');
      },
    );
  });
}
