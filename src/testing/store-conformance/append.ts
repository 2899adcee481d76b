import { describe, expect } from 'vitest';
import type { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import {
  expectCode,
  MISSING_SESSION,
  message,
  messages,
  newSession,
  plainCopy,
  tryMutate,
} from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

type Code = 'validation_error' | 'invalid_event_type';

/** Append a batch of two valid events around `bad`; assert it is rejected and nothing changed. */
async function rejectsBatch(store: SessionStore, bad: (sessionId: string) => unknown, code: Code) {
  const session = await newSession(store);
  const stored = await store.appendEvents(session.id, messages(session.id, 2));
  const batch = [message(session.id, 'ok 1'), bad(session.id), message(session.id, 'ok 2')];
  await expectCode(() => store.appendEvents(session.id, batch as SessionEvent[]), code);
  expect(await store.latestSeq(session.id)).toBe(2);
  expect(await store.readEvents(session.id)).toEqual(stored);
  const next = await store.appendEvents(session.id, [message(session.id, 'after')]);
  expect(next.map((e) => e.seq)).toEqual([3]);
}

function plainEvent(sessionId: string, data: unknown): Record<string, unknown> {
  return { ...plainCopy(message(sessionId, 'x')), data };
}

/** Atomic, gap-free appends; compare-and-set on `expectedSeq`. */
export function appendTests(ctx: ConformanceContext): void {
  describe('appendEvents', () => {
    storeTest(ctx, 'appended events get seq 1, 2, 3 … in order', async (store) => {
      const session = await newSession(store);
      const first = messages(session.id, 3, 'first');
      const second = messages(session.id, 2, 'second');
      const a = await store.appendEvents(session.id, first);
      const b = await store.appendEvents(session.id, second);
      expect([...a, ...b].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect([...a, ...b]).toEqual([...first, ...second].map((e, i) => ({ ...e, seq: i + 1 })));
      expect(await store.readEvents(session.id)).toEqual([...a, ...b]);
      expect(await store.latestSeq(session.id)).toBe(5);
    });

    storeTest(ctx, 'the store assigns seq, whatever seq the events carry', async (store) => {
      const session = await newSession(store);
      const guessed = [
        message(session.id, 'guess 1', { seq: 1 }),
        message(session.id, 'guess 7', { seq: 7 }),
        message(session.id, 'none'),
      ];
      const stored = await store.appendEvents(session.id, guessed);
      expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
      const viaCommit = await store.commit(session.id, {
        events: [message(session.id, 'guess 2', { seq: 2 })],
      });
      expect(viaCommit.events.map((e) => e.seq)).toEqual([4]);
      expect((await store.readEvents(session.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    });

    storeTest(ctx, 'an empty batch stores nothing and returns an empty list', async (store) => {
      const session = await newSession(store);
      expect(await store.appendEvents(session.id, [])).toEqual([]);
      expect(await store.appendEvents(session.id, [], { expectedSeq: 0 })).toEqual([]);
      expect(await store.latestSeq(session.id)).toBe(0);
    });

    storeTest(ctx, 'appending to a missing session is session_not_found', async (store) => {
      const events = [message(MISSING_SESSION, 'x')];
      await expectCode(() => store.appendEvents(MISSING_SESSION, events), 'session_not_found');
    });

    storeTest(ctx, 'a batch holding an event of another session stores nothing', (store) =>
      rejectsBatch(store, () => message('ses_other', 'elsewhere'), 'validation_error'),
    );

    storeTest(ctx, 'a batch holding an unknown event type stores nothing', (store) =>
      rejectsBatch(
        store,
        (id) => ({ ...plainCopy(message(id, 'x')), type: 'no_such_type' }),
        'invalid_event_type',
      ),
    );

    storeTest(ctx, 'a batch holding data with a function stores nothing', (store) =>
      rejectsBatch(
        store,
        (id) => plainEvent(id, { role: 'user', content: () => 1 }),
        'validation_error',
      ),
    );

    storeTest(ctx, 'a batch holding data with a BigInt stores nothing', (store) =>
      rejectsBatch(
        store,
        (id) => plainEvent(id, { role: 'user', content: 1n }),
        'validation_error',
      ),
    );

    storeTest(ctx, 'a batch holding data with a cycle stores nothing', (store) => {
      const cyclic: Record<string, unknown> = { role: 'user', content: 'x' };
      cyclic.self = cyclic;
      return rejectsBatch(store, (id) => plainEvent(id, cyclic), 'validation_error');
    });

    storeTest(ctx, 'a batch holding a value that is not an event stores nothing', async (s) => {
      for (const bad of [null, 42, 'event', [], {}]) {
        await rejectsBatch(s, () => bad, 'validation_error');
      }
    });

    storeTest(ctx, 'events that are not an array are validation_error', async (store) => {
      const session = await newSession(store);
      const notArray = message(session.id, 'x') as unknown as SessionEvent[];
      await expectCode(() => store.appendEvents(session.id, notArray), 'validation_error');
      expect(await store.latestSeq(session.id)).toBe(0);
    });

    storeTest(ctx, 'expectedSeq equal to the latest seq succeeds', async (store) => {
      const session = await newSession(store);
      const a = await store.appendEvents(session.id, messages(session.id, 2), { expectedSeq: 0 });
      const b = await store.appendEvents(session.id, messages(session.id, 1), { expectedSeq: 2 });
      expect([...a, ...b].map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    storeTest(ctx, 'a stale expectedSeq is version_conflict and writes nothing', async (s) => {
      const session = await newSession(s);
      const stored = await s.appendEvents(session.id, messages(session.id, 2));
      for (const expectedSeq of [0, 1, 3, 100]) {
        const batch = messages(session.id, 2, `stale ${expectedSeq}`);
        await expectCode(
          () => s.appendEvents(session.id, batch, { expectedSeq }),
          'version_conflict',
        );
      }
      expect(await s.readEvents(session.id)).toEqual(stored);
    });

    storeTest(ctx, 'a malformed expectedSeq is validation_error', async (store) => {
      const session = await newSession(store);
      for (const expectedSeq of [-1, 1.5, Number.NaN, '0']) {
        const options = { expectedSeq } as unknown as { expectedSeq: number };
        const batch = [message(session.id, 'x')];
        await expectCode(() => store.appendEvents(session.id, batch, options), 'validation_error');
      }
      expect(await store.latestSeq(session.id)).toBe(0);
    });

    storeTest(ctx, 'plain JSON events are accepted and not shared with the store', async (s) => {
      const session = await newSession(s);
      const original = message(session.id, 'plain', { runId: 'run_x', provider: 'mock' });
      const plain = plainCopy(original);
      const [stored] = await s.appendEvents(session.id, [plain]);
      expect(stored).toEqual({ ...original, seq: 1 });
      (plain.data as { content: string }).content = 'changed';
      tryMutate(() => {
        (stored?.data as { content: string }).content = 'changed';
      });
      const [read] = await s.readEvents(session.id);
      expect(read).toEqual({ ...original, seq: 1 });
      tryMutate(() => {
        (read?.data as { content: string }).content = 'changed';
      });
      expect((await s.readEvents(session.id))[0]).toEqual({ ...original, seq: 1 });
    });
  });
}
