import { describe, expect } from 'vitest';
import { SessionEvent } from '../../core/session-event.js';
import { expectCode, message, messages, newSession, plainCopy } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

/** Re-appending an event id: a no-op with the same content, `already_exists` with other content. */
export function idempotencyTests(ctx: ConformanceContext): void {
  describe('idempotent appends', () => {
    storeTest(
      ctx,
      'an event appended again with the same content returns the original',
      async (s) => {
        const session = await newSession(s);
        const [a, b] = messages(session.id, 2);
        const stored = await s.appendEvents(session.id, [a!, b!]);
        const again = await s.appendEvents(session.id, [a!]);
        expect(again).toEqual([stored[0]]);
        const copy = await s.appendEvents(session.id, [plainCopy(stored[1]!)]);
        expect(copy).toEqual([stored[1]]);
        expect(await s.latestSeq(session.id)).toBe(2);
      },
    );

    storeTest(ctx, 'a retried batch succeeds although its expectedSeq is now stale', async (s) => {
      const session = await newSession(s);
      const batch = messages(session.id, 3);
      const stored = await s.appendEvents(session.id, batch, { expectedSeq: 0 });
      const retried = await s.appendEvents(session.id, batch, { expectedSeq: 0 });
      expect(retried).toEqual(stored);
      expect(await s.latestSeq(session.id)).toBe(3);
    });

    storeTest(ctx, 'a batch mixing stored and new events appends only the new ones', async (s) => {
      const session = await newSession(s);
      const [a, b] = messages(session.id, 2);
      const [storedA] = await s.appendEvents(session.id, [a!]);
      const result = await s.appendEvents(session.id, [a!, b!], { expectedSeq: 1 });
      expect(result).toEqual([storedA, { ...b, seq: 2 }]);
      expect(await s.latestSeq(session.id)).toBe(2);
    });

    storeTest(
      ctx,
      'an event id appended with other content is already_exists, batch stores nothing',
      async (s) => {
        const session = await newSession(s);
        const a = message(session.id, 'original');
        const stored = await s.appendEvents(session.id, [a]);
        const changed = SessionEvent.create({ ...a, data: { role: 'user', content: 'changed' } });
        const fresh = message(session.id, 'fresh');
        const batch = [fresh, changed];
        const before = plainCopy(batch);
        await expectCode(() => s.appendEvents(session.id, batch), 'already_exists');
        expect(plainCopy(batch)).toEqual(before);
        expect(await s.readEvents(session.id)).toEqual(stored);
        for (const other of [
          { ...a, metadata: { x: 1 } },
          { ...a, runId: 'run_other' },
        ]) {
          await expectCode(() => s.appendEvents(session.id, [other]), 'already_exists');
        }
        const [next] = await s.appendEvents(session.id, [fresh]);
        expect(next?.seq).toBe(2);
      },
    );

    storeTest(
      ctx,
      'one id twice in a batch with different content is already_exists',
      async (s) => {
        const session = await newSession(s);
        const a = message(session.id, 'one');
        const b = SessionEvent.create({ ...a, data: { role: 'user', content: 'two' } });
        await expectCode(() => s.appendEvents(session.id, [a, b]), 'already_exists');
        expect(await s.latestSeq(session.id)).toBe(0);
      },
    );

    storeTest(ctx, 'one id twice in a batch with the same content is stored once', async (s) => {
      const session = await newSession(s);
      const a = message(session.id, 'one');
      const b = message(session.id, 'two');
      const result = await s.appendEvents(session.id, [a, b, plainCopy(a)]);
      expect(result.map((e) => [e.id, e.seq])).toEqual([
        [a.id, 1],
        [b.id, 2],
        [a.id, 1],
      ]);
      expect(await s.latestSeq(session.id)).toBe(2);
    });

    storeTest(ctx, 'an event id stored in another session is already_exists', async (s) => {
      const first = await newSession(s);
      const second = await newSession(s);
      const [stored] = await s.appendEvents(first.id, [message(first.id, 'mine')]);
      const reused = SessionEvent.create({ ...stored!, sessionId: second.id, seq: 0 });
      await expectCode(() => s.appendEvents(second.id, [reused]), 'already_exists');
      expect(await s.latestSeq(second.id)).toBe(0);
      expect(await s.readEvents(first.id)).toEqual([stored]);
    });
  });
}
