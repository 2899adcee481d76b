import { describe, expect } from 'vitest';
import type { EventType } from '../../core/event-types.js';
import { SessionEvent } from '../../core/session-event.js';
import type { ReadEventsOptions } from '../../core/store-queries.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, MISSING_SESSION, newSession } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

const RUNS = ['run_a', 'run_b', null] as const;

/** A log of 30 events over two runs (and none), three types; returns the stored log. */
async function fillLog(store: SessionStore): Promise<{ id: string; log: SessionEvent[] }> {
  const session = await newSession(store);
  const events = Array.from({ length: 30 }, (_, i) => {
    const runId = RUNS[i % 3] ?? null;
    if (i % 4 === 0) {
      return SessionEvent.create({
        type: 'message_streamed',
        sessionId: session.id,
        runId,
        data: { delta: `d${i}` },
      });
    }
    if (i % 4 === 1) {
      return SessionEvent.create({
        type: 'turn_completed',
        sessionId: session.id,
        runId,
        data: { i },
      });
    }
    const data = { role: 'user' as const, content: `m${i}` };
    return SessionEvent.create({ type: 'message_sent', sessionId: session.id, runId, data });
  });
  await store.appendEvents(session.id, events.slice(0, 13));
  await store.appendEvents(session.id, events.slice(13));
  return { id: session.id, log: await store.readEvents(session.id) };
}

/** What `readEvents(options)` must return, computed from the whole log. */
function expected(log: SessionEvent[], o: ReadEventsOptions): SessionEvent[] {
  const matching = log.filter(
    (e) =>
      e.seq > (o.after ?? 0) &&
      (o.runId === undefined || e.runId === o.runId) &&
      (o.types === undefined || o.types.includes(e.type)),
  );
  return o.limit === undefined ? matching : matching.slice(0, o.limit);
}

const TYPES: EventType[] = ['message_streamed', 'turn_completed'];
const CASES: ReadEventsOptions[] = [
  {},
  { after: 0 },
  { after: 7 },
  { after: 29 },
  { limit: 1 },
  { limit: 5 },
  { after: 12, limit: 4 },
  { runId: 'run_a' },
  { runId: 'run_missing' },
  { types: ['message_sent'] },
  { types: TYPES },
  { types: [] },
  { runId: 'run_b', types: ['message_sent'] },
  { after: 5, runId: 'run_a', limit: 3 },
  { after: 10, types: TYPES, limit: 4 },
  { after: 3, runId: 'run_b', types: TYPES, limit: 2 },
  { limit: 10_000 },
];

/** `readEvents`: order, `after`, `limit`, `runId`, `types`, and bad options. */
export function readTests(ctx: ConformanceContext): void {
  describe('readEvents', () => {
    storeTest(ctx, 'readEvents returns the log in seq order', async (store) => {
      const { log } = await fillLog(store);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    storeTest(ctx, 'readEvents applies after, limit, runId and types together', async (s) => {
      const { id, log } = await fillLog(s);
      for (const options of CASES) {
        const got = await s.readEvents(id, options);
        expect(got, JSON.stringify(options)).toEqual(expected(log, options));
      }
    });

    storeTest(ctx, 'after at or beyond the latest seq returns nothing', async (store) => {
      const { id } = await fillLog(store);
      for (const after of [30, 31, 1_000_000_000]) {
        expect(await store.readEvents(id, { after, limit: 5 })).toEqual([]);
      }
    });

    storeTest(ctx, 'bad read options are validation_error', async (store) => {
      const { id } = await fillLog(store);
      const bad: unknown[] = [
        { after: -1 },
        { after: 1.5 },
        { after: Number.NaN },
        { after: '3' },
        { after: 2 ** 53 },
        { after: Number.POSITIVE_INFINITY },
        { limit: 0 },
        { limit: -1 },
        { limit: 2.5 },
        { limit: 10_001 },
        { limit: 2 ** 53 },
        { runId: 42 },
        { types: 'message_sent' },
        'options',
      ];
      for (const options of bad) {
        await expectCode(
          () => store.readEvents(id, options as ReadEventsOptions),
          'validation_error',
        );
      }
      const unknownType = { types: ['no_such_type'] } as unknown as ReadEventsOptions;
      await expectCode(() => store.readEvents(id, unknownType), 'invalid_event_type');
    });

    storeTest(
      ctx,
      'readEvents and latestSeq of a missing session are session_not_found',
      async (s) => {
        await expectCode(() => s.readEvents(MISSING_SESSION), 'session_not_found');
        await expectCode(() => s.latestSeq(MISSING_SESSION), 'session_not_found');
      },
    );
  });
}
