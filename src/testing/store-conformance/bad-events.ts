import { describe, expect } from 'vitest';
import type { ErrorCode } from '../../core/error-codes.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, newSession } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

function cycle(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

/** Values no store can keep as JSON. */
export const NOT_JSON: readonly [string, unknown][] = [
  ['a function', { f: () => 1 }],
  ['a cycle', cycle()],
  ['a BigInt', { n: 10n }],
  ['a symbol', { s: Symbol('x') }],
  ['a class instance', { d: new Map() }],
  ['a NaN', { n: Number.NaN }],
  ['a forbidden key', JSON.parse('{"__proto__": {"polluted": true}}')],
];

/** A plain (not package-built) `session_started` event of `sessionId` with `changes` applied. */
function plainEvent(sessionId: string, changes: Record<string, unknown>): SessionEvent {
  const event = SessionEvent.create({ type: 'session_started', sessionId });
  return { ...SessionEvent.toJSON(event), ...changes } as unknown as SessionEvent;
}

async function withOneEvent(store: SessionStore) {
  const session = await newSession(store);
  const stored = await store.appendEvents(session.id, [
    SessionEvent.create({ type: 'session_created', sessionId: session.id }),
  ]);
  return { session, stored };
}

/** Malformed events and data that is not JSON, refused before anything is written. */
export function badEventTests(ctx: ConformanceContext): void {
  describe('bad events', () => {
    storeTest(ctx, 'malformed events are refused and the log stays as it was', async (s) => {
      const { session, stored } = await withOneEvent(s);
      const id = session.id;
      const valid = () => SessionEvent.create({ type: 'session_started', sessionId: id });
      const cases: [string, unknown, ErrorCode][] = [
        ['not an array', { length: 1 }, 'validation_error'],
        ['a string event', ['event'], 'validation_error'],
        ['a null event', [null], 'validation_error'],
        ['an unknown type', [plainEvent(id, { type: 'bogus' })], 'invalid_event_type'],
        ['no id', [plainEvent(id, { id: undefined })], 'validation_error'],
        ['an empty id', [plainEvent(id, { id: '' })], 'validation_error'],
        ['no timestamp', [plainEvent(id, { timestamp: undefined })], 'validation_error'],
        ['a bad timestamp', [plainEvent(id, { timestamp: 'yesterday' })], 'validation_error'],
        ['another session', [plainEvent(id, { sessionId: 'ses_other' })], 'validation_error'],
        ['a negative seq', [plainEvent(id, { seq: -1 })], 'validation_error'],
        ['a runId that is a number', [plainEvent(id, { runId: 7 })], 'validation_error'],
        ['data that is an array', [plainEvent(id, { data: [] })], 'validation_error'],
        ['metadata that is a string', [plainEvent(id, { metadata: 'm' })], 'validation_error'],
        [
          'canonical data missing',
          [plainEvent(id, { type: 'message_sent', data: {} })],
          'validation_error',
        ],
        // A valid event first: the whole batch must be refused, not just the bad event.
        ...NOT_JSON.map(([what, data]): [string, unknown, ErrorCode] => [
          `data with ${what}`,
          [valid(), plainEvent(id, { data })],
          'validation_error',
        ]),
        ...NOT_JSON.map(([what, metadata]): [string, unknown, ErrorCode] => [
          `metadata with ${what}`,
          [valid(), plainEvent(id, { metadata })],
          'validation_error',
        ]),
      ];
      for (const [label, events, code] of cases) {
        const error = await expectCode(() => s.appendEvents(id, events as SessionEvent[]), code);
        expect(typeof error.details.field, label).toBe('string');
        await expectCode(() => s.commit(id, { events: events as SessionEvent[] }), code);
      }
      expect(await s.readEvents(id)).toEqual(stored);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    storeTest(
      ctx,
      'sessions, runs and commits holding data that is not JSON are refused',
      async (s) => {
        const { session, stored } = await withOneEvent(s);
        for (const [what, value] of NOT_JSON) {
          const badSession = { ...Session.create({ agentId: 'x' }), metadata: value } as Session;
          await expectCode(() => s.saveSession(badSession), 'validation_error');
          const context = { ...session, context: value } as Session;
          await expectCode(() => s.saveSession(context), 'validation_error');
          const badRun = { ...Run.create({ sessionId: session.id, input: 'x' }), metadata: value };
          await expectCode(() => s.saveRun(badRun as Run), 'validation_error');
          await expectCode(() => s.commit(session.id, { session: context }), 'validation_error');
          await expectCode(() => s.commit(session.id, { run: badRun as Run }), 'validation_error');
          expect(what).toBeTruthy();
        }
        expect((await s.listSessions()).items).toEqual([session]);
        expect((await s.findRuns()).items).toEqual([]);
        expect(await s.readEvents(session.id)).toEqual(stored);
      },
    );

    storeTest(ctx, 'malformed commit requests are validation_error', async (s) => {
      const { session, stored } = await withOneEvent(s);
      const requests: unknown[] = [
        null,
        42,
        'request',
        [],
        { events: 'x' },
        { expectedSeq: -1 },
        { expectedSeq: 1.5 },
        { session: 'x' },
        { run: 7 },
        { run: Run.create({ sessionId: 'ses_other', input: 'x' }) },
        { session: Session.create({ agentId: 'other' }) },
      ];
      for (const request of requests) {
        await expectCode(() => s.commit(session.id, request as never), 'validation_error');
      }
      expect(await s.getSession(session.id)).toEqual(session);
      expect(await s.readEvents(session.id)).toEqual(stored);
      expect((await s.listSessions()).items).toEqual([session]);
    });
  });
}
