import { describe, expect } from 'vitest';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import { message, newSession, seededRandom, yieldTurn } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

/** `count` batches of 1–5 events for one writer. */
function batches(sessionId: string, writer: string, count: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: 1 + Math.floor(random() * 5) }, (_, k) =>
      message(sessionId, `${writer} batch ${b} event ${k}`),
    ),
  );
}

function expectContiguous(events: readonly SessionEvent[], from = 1): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => from + i));
}

/** Every input event stored exactly once, the log gap-free, each writer's order kept. */
async function expectLogHolds(store: SessionStore, sessionId: string, writers: SessionEvent[][][]) {
  const log = await store.readEvents(sessionId);
  expectContiguous(log);
  const inputIds = writers.flat(2).map((e) => e.id);
  expect(log.map((e) => e.id).sort()).toEqual([...inputIds].sort());
  const position = new Map(log.map((e) => [e.id, e.seq]));
  for (const writer of writers) {
    const seqs = writer.flat().map((e) => position.get(e.id) as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }
}

/** Concurrent writers and readers on one session; compare-and-set races. */
export function concurrencyTests(ctx: ConformanceContext): void {
  describe('concurrency', () => {
    storeTest(
      ctx,
      'two concurrent writers store every event once with contiguous seq',
      async (s) => {
        const session = await newSession(s);
        const a = batches(session.id, 'a', 50, 1);
        const b = batches(session.id, 'b', 50, 2);
        const calls = a.flatMap((batch, i) => [
          s.appendEvents(session.id, batch),
          s.appendEvents(session.id, b[i] as SessionEvent[]),
        ]);
        const results = await Promise.all(calls);
        for (const result of results) expectContiguous(result, result[0]?.seq);
        await expectLogHolds(s, session.id, [a, b]);
      },
    );

    storeTest(
      ctx,
      'a reader paging with after never skips or repeats while writers append',
      async (s) => {
        const session = await newSession(s);
        const writers = [batches(session.id, 'a', 40, 3), batches(session.id, 'b', 40, 4)];
        const total = writers.flat(2).length;
        const write = async (list: SessionEvent[][]) => {
          for (const [i, batch] of list.entries()) {
            await s.appendEvents(session.id, batch);
            if (i % 3 === 0) await yieldTurn();
          }
        };
        const seen: SessionEvent[] = [];
        const read = async () => {
          for (let turns = 0; seen.length < total && turns < 100_000; turns++) {
            const page = await s.readEvents(session.id, { after: seen.at(-1)?.seq ?? 0, limit: 7 });
            seen.push(...page);
            if (page.length < 7) await yieldTurn();
          }
        };
        await Promise.all([read(), ...writers.map(write)]);
        expectContiguous(seen);
        expect(seen).toEqual(await s.readEvents(session.id));
        await expectLogHolds(s, session.id, writers);
      },
    );

    storeTest(ctx, 'concurrent appends with the same expectedSeq: exactly one wins', async (s) => {
      const session = await newSession(s);
      const attempts = Array.from({ length: 5 }, (_, i) =>
        s.appendEvents(session.id, [message(session.id, `try ${i}`)], { expectedSeq: 0 }),
      );
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected')
          expect((o.reason as { code?: string }).code).toBe('version_conflict');
      }
      expect(await s.latestSeq(session.id)).toBe(1);
    });

    storeTest(ctx, 'concurrent saves of one version: exactly one wins', async (s) => {
      const session = await newSession(s);
      const attempts = Array.from({ length: 5 }, (_, i) =>
        s.saveSession(Session.update(session, { metadata: { writer: i } })),
      );
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(won).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected')
          expect((o.reason as { code?: string }).code).toBe('version_conflict');
      }
      expect(await s.getSession(session.id)).toEqual(won[0]);
    });
  });
}
