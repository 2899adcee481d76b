import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import type { RunStatus } from '../../core/run-status.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, MISSING_SESSION, newRun, newSession } from './fixtures.js';
import { collectPages } from './pagination.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

const STATUSES: RunStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout'];

/** Two sessions with 12 runs each, in every status, owned by two workers. */
async function population(store: SessionStore) {
  const sessions = [await newSession(store), await newSession(store)];
  const runs: Run[] = [];
  for (const session of sessions) {
    for (let i = 0; i < 12; i++) {
      const status = STATUSES[i % STATUSES.length] as RunStatus;
      const owner = i % 2 === 0 ? 'worker-a' : 'worker-b';
      runs.push(await newRun(store, session.id, { status, owner }));
    }
  }
  runs.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { sessions, runs };
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

/** `listRuns`, `findRuns` and `getActiveRun`. */
export function runListingTests(ctx: ConformanceContext): void {
  describe('listRuns, findRuns, getActiveRun', () => {
    storeTest(ctx, 'listRuns lists one session’s runs by status, in pages', async (store) => {
      const { sessions, runs } = await population(store);
      const session = sessions[0]!;
      const mine = runs.filter((r) => r.sessionId === session.id);
      for (const limit of [1, 5, 12, 100]) {
        const all = await collectPages(
          (cursor) => store.listRuns(session.id, { limit, cursor }),
          limit,
        );
        expect(ids(all), `limit ${limit}`).toEqual(ids(mine));
      }
      const done = await collectPages(
        (cursor) =>
          store.listRuns(session.id, { status: ['completed', 'failed'], limit: 1, cursor }),
        1,
      );
      expect(ids(done)).toEqual(
        ids(mine.filter((r) => ['completed', 'failed'].includes(r.status))),
      );
    });

    storeTest(ctx, 'findRuns finds runs across sessions by status and owner', async (store) => {
      const { runs } = await population(store);
      const list = (status: RunStatus | undefined, owner: string | undefined) =>
        collectPages((cursor) => store.findRuns({ status, owner, limit: 3, cursor }), 3);
      expect(ids(await list(undefined, undefined))).toEqual(ids(runs));
      expect(ids(await list('running', undefined))).toEqual(
        ids(runs.filter((r) => r.status === 'running')),
      );
      expect(ids(await list(undefined, 'worker-a'))).toEqual(
        ids(runs.filter((r) => r.owner === 'worker-a')),
      );
      const both = runs.filter((r) => r.status === 'pending' && r.owner === 'worker-a');
      expect(ids(await list('pending', 'worker-a'))).toEqual(ids(both));
      expect(ids(await list(undefined, 'nobody'))).toEqual([]);
    });

    storeTest(ctx, 'getActiveRun returns the running run or null', async (store) => {
      const session = await newSession(store);
      expect(await store.getActiveRun(session.id)).toBeNull();
      const pending = await newRun(store, session.id);
      await newRun(store, session.id, { status: 'completed' });
      expect(await store.getActiveRun(session.id)).toBeNull();
      const running = await store.saveRun(Run.start(pending));
      expect(await store.getActiveRun(session.id)).toEqual(running);
      const other = await newSession(store);
      expect(await store.getActiveRun(other.id)).toBeNull();
      await store.saveRun(
        Run.complete(running, { content: 'ok', stopReason: null, toolCalls: [] }),
      );
      expect(await store.getActiveRun(session.id)).toBeNull();
    });

    storeTest(
      ctx,
      'listRuns and getActiveRun of a missing session are session_not_found',
      async (s) => {
        await expectCode(() => s.listRuns(MISSING_SESSION), 'session_not_found');
        await expectCode(() => s.getActiveRun(MISSING_SESSION), 'session_not_found');
      },
    );

    storeTest(ctx, 'bad run filters are validation_error', async (store) => {
      const session = await newSession(store);
      for (const filter of [{ limit: 0 }, { limit: 1001 }, { status: 'done' }, { owner: 7 }]) {
        const f = filter as never;
        await expectCode(() => store.listRuns(session.id, f), 'validation_error');
        await expectCode(() => store.findRuns(f), 'validation_error');
      }
    });
  });
}
