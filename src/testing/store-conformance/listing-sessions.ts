import { describe, expect } from 'vitest';
import { Session } from '../../core/session.js';
import type { ListSessionsFilter } from '../../core/store-queries.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, newSession } from './fixtures.js';
import { collectPages } from './pagination.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

function ids(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id);
}

async function listAll(store: SessionStore, filter: ListSessionsFilter, limit = 4) {
  return collectPages((cursor) => store.listSessions({ ...filter, limit, cursor }), limit);
}

/** Sessions in all statuses, two agents, some tags, creation times one day apart. */
async function population(store: SessionStore): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let i = 0; i < 18; i++) {
    let session = Session.create({
      agentId: i % 3 === 0 ? 'alpha' : 'beta',
      tags: i % 2 === 0 ? ['even', `n${i}`] : [`n${i}`],
      createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    });
    if (i % 4 >= 1) session = Session.transition(session, 'active');
    if (i % 4 === 2) session = Session.transition(session, 'completed');
    if (i % 4 === 3) session = Session.transition(session, 'paused');
    sessions.push(await store.saveSession(session));
  }
  return sessions.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** `listSessions`: filters and keyset pagination. */
export function sessionListingTests(ctx: ConformanceContext): void {
  describe('listSessions', () => {
    storeTest(ctx, 'listSessions filters by status, agentId and tag', async (store) => {
      const all = await population(store);
      const cases: [ListSessionsFilter, (s: Session) => boolean][] = [
        [{}, () => true],
        [{ status: 'active' }, (s) => s.status === 'active'],
        [{ status: ['paused', 'completed'] }, (s) => ['paused', 'completed'].includes(s.status)],
        [{ agentId: 'alpha' }, (s) => s.agentId === 'alpha'],
        [{ agentId: 'nobody' }, () => false],
        [{ tag: 'even' }, (s) => s.tags.includes('even')],
        [{ tag: 'n7' }, (s) => s.tags.includes('n7')],
        [
          { tag: 'even', agentId: 'beta', status: 'active' },
          (s) => s.tags.includes('even') && s.agentId === 'beta' && s.status === 'active',
        ],
      ];
      for (const [filter, keep] of cases) {
        const got = await listAll(store, filter);
        expect(ids(got), JSON.stringify(filter)).toEqual(ids(all.filter(keep)));
      }
    });

    storeTest(
      ctx,
      'listSessions filters by creation time, after inclusive, before exclusive',
      async (s) => {
        const all = await population(s);
        const day = (n: number) => new Date(Date.UTC(2024, 0, n)).toISOString();
        const createdAfter = day(4);
        const createdBefore = day(9);
        const cases: [ListSessionsFilter, (x: Session) => boolean][] = [
          [{ createdAfter }, (x) => x.createdAt >= createdAfter],
          [{ createdBefore }, (x) => x.createdAt < createdBefore],
          [
            { createdAfter, createdBefore },
            (x) => x.createdAt >= createdAfter && x.createdAt < createdBefore,
          ],
        ];
        for (const [filter, keep] of cases) {
          const got = await listAll(s, filter);
          expect(ids(got), JSON.stringify(filter)).toEqual(ids(all.filter(keep)));
        }
        expect((await listAll(s, { createdAfter, createdBefore })).length).toBe(5);
      },
    );

    storeTest(ctx, 'listSessions pages visit every session once, in id order', async (store) => {
      const all = await population(store);
      for (const limit of [1, 3, 5, 6, 17, 18, 19, 1000]) {
        const got = await listAll(store, {}, limit);
        expect(ids(got), `limit ${limit}`).toEqual(ids(all));
      }
      const even = await listAll(store, { tag: 'even' }, 4);
      expect(ids(even)).toEqual(ids(all.filter((x) => x.tags.includes('even'))));
      expect(await store.listSessions({ limit: 18 })).toEqual({ items: all, nextCursor: null });
    });

    storeTest(ctx, 'listSessions of an empty store is one empty page', async (store) => {
      expect(await store.listSessions()).toEqual({ items: [], nextCursor: null });
      await newSession(store);
      expect((await store.listSessions({ status: 'failed' })).items).toEqual([]);
    });

    storeTest(ctx, 'a page cursor stays valid while sessions are added', async (store) => {
      const all = await population(store);
      const first = await store.listSessions({ limit: 5 });
      const added = await newSession(store);
      const rest = await collectPages(
        (cursor) =>
          store.listSessions({ limit: 5, cursor: cursor ?? (first.nextCursor as string) }),
        5,
      );
      const seen = ids([...first.items, ...rest]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort());
      const boundary = first.items.at(-1)?.id as string;
      const expected = added.id > boundary ? [...ids(all), added.id] : ids(all);
      expect(seen).toEqual(expected.sort());
    });

    storeTest(ctx, 'bad listSessions filters are validation_error', async (store) => {
      const bad: unknown[] = [
        { limit: 0 },
        { limit: 1001 },
        { limit: 2.5 },
        { status: 'sleeping' },
        { status: [] },
        { agentId: 42 },
        { createdAfter: 'yesterday' },
        { createdBefore: 12 },
        'filter',
      ];
      for (const filter of bad) {
        await expectCode(
          () => store.listSessions(filter as ListSessionsFilter),
          'validation_error',
        );
      }
    });

    storeTest(ctx, 'a cursor the store did not issue is invalid_cursor', async (store) => {
      const session = await newSession(store);
      for (const cursor of ['', 'garbage', 'c1.', 'c1.!!!', `c1.${'A'.repeat(400)}`, 42]) {
        const filter = { cursor } as unknown as { cursor: string };
        await expectCode(() => store.listSessions(filter), 'invalid_cursor');
        await expectCode(() => store.listRuns(session.id, filter), 'invalid_cursor');
        await expectCode(() => store.findRuns(filter), 'invalid_cursor');
      }
    });
  });
}
