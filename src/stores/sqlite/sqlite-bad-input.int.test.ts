import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

let store: SqliteSessionStore;
let session: Session;

beforeEach(async () => {
  store = new SqliteSessionStore({ path: ':memory:' });
  session = await store.saveSession(Session.create({ agentId: 'bad-input' }));
  await store.appendEvents(session.id, [
    SessionEvent.create({ type: 'session_created', sessionId: session.id }),
  ]);
});

afterEach(async () => {
  await store.close();
});

async function expectRejected(action: () => Promise<unknown>, code: ErrorCode, label: string) {
  const error = await action().then(
    () => expect.unreachable(`${label}: resolved`),
    (e: unknown) => e,
  );
  expect(AgentSessionError.isInstance(error), `${label}: ${String(error)}`).toBe(true);
  expect((error as AgentSessionError).code, label).toBe(code);
}

/** A plain (not package-built) event of the test session with `changes` applied. */
function plainEvent(changes: Record<string, unknown>): SessionEvent {
  const event = SessionEvent.create({ type: 'session_started', sessionId: session.id });
  return { ...SessionEvent.toJSON(event), ...changes } as unknown as SessionEvent;
}

function cycle(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

const UNSERIALIZABLE: [string, unknown][] = [
  ['a function', { f: () => 1 }],
  ['a cycle', cycle()],
  ['a BigInt', { n: 10n }],
  ['a symbol', { s: Symbol('x') }],
  ['a class instance', { d: new Map() }],
];

describe('bad input is rejected before anything is written', () => {
  it('rejects malformed events and leaves the log as it was', async () => {
    const writes = store.stats().writes;
    const cases: [string, unknown, ErrorCode][] = [
      ['not an array', { length: 1 }, 'validation_error'],
      ['a string event', ['event'], 'validation_error'],
      ['null event', [null], 'validation_error'],
      ['unknown type', [plainEvent({ type: 'bogus' })], 'invalid_event_type'],
      ['no id', [plainEvent({ id: undefined })], 'validation_error'],
      ['bad timestamp', [plainEvent({ timestamp: 'yesterday' })], 'validation_error'],
      ['other session', [plainEvent({ sessionId: 'ses_other' })], 'validation_error'],
      ['negative seq', [plainEvent({ seq: -1 })], 'validation_error'],
      [
        'canonical data missing',
        [plainEvent({ type: 'message_sent', data: {} })],
        'validation_error',
      ],
      // A valid event first: the whole batch must be refused, not just the bad event.
      ...UNSERIALIZABLE.map(([what, data]): [string, unknown, ErrorCode] => [
        `data with ${what}`,
        [
          SessionEvent.create({ type: 'session_started', sessionId: session.id }),
          plainEvent({ data }),
        ],
        'validation_error',
      ]),
      ...UNSERIALIZABLE.map(([what, metadata]): [string, unknown, ErrorCode] => [
        `metadata with ${what}`,
        [plainEvent({ metadata })],
        'validation_error',
      ]),
    ];
    for (const [label, events, code] of cases) {
      await expectRejected(
        () => store.appendEvents(session.id, events as SessionEvent[]),
        code,
        label,
      );
    }
    // Nothing reached the writer: every case failed validation first.
    expect(store.stats().writes).toBe(writes);
    expect(await store.latestSeq(session.id)).toBe(1);
  });

  it('rejects bad ids and unknown sessions', async () => {
    const event = SessionEvent.create({ type: 'session_started', sessionId: 'ses_unknown' });
    await expectRejected(
      () => store.appendEvents('ses_unknown', [event]),
      'session_not_found',
      'append',
    );
    await expectRejected(() => store.readEvents('ses_unknown'), 'session_not_found', 'read');
    await expectRejected(() => store.latestSeq('ses_unknown'), 'session_not_found', 'latestSeq');
    await expectRejected(() => store.getActiveRun('ses_unknown'), 'session_not_found', 'active');
    await expectRejected(() => store.listRuns('ses_unknown'), 'session_not_found', 'listRuns');
    await expectRejected(() => store.deleteSession('ses_unknown'), 'session_not_found', 'delete');
    await expectRejected(
      () => store.commit('ses_unknown', { events: [event] }),
      'session_not_found',
      'commit',
    );
    for (const id of ['', 42, null, undefined, {}]) {
      await expectRejected(
        () => store.getSession(id as string),
        'validation_error',
        `id ${String(id)}`,
      );
      await expectRejected(
        () => store.readEvents(id as string),
        'validation_error',
        `read ${String(id)}`,
      );
    }
  });

  it('rejects negative or non-integer cursors and limits', async () => {
    const reads: [unknown, ErrorCode][] = [
      [{ after: -1 }, 'validation_error'],
      [{ after: 1.5 }, 'validation_error'],
      [{ after: '3' }, 'validation_error'],
      [{ after: Number.POSITIVE_INFINITY }, 'validation_error'],
      [{ limit: 0 }, 'validation_error'],
      [{ limit: -5 }, 'validation_error'],
      [{ limit: 2.5 }, 'validation_error'],
      [{ limit: 10_001 }, 'validation_error'],
      [{ types: ['bogus'] }, 'invalid_event_type'],
      [{ types: 'message_sent' }, 'validation_error'],
      [{ runId: 7 }, 'validation_error'],
      ['options', 'validation_error'],
    ];
    for (const [options, code] of reads) {
      await expectRejected(
        () => store.readEvents(session.id, options as never),
        code,
        JSON.stringify(options),
      );
    }
    const listings: [unknown, ErrorCode][] = [
      [{ cursor: 'not-a-cursor' }, 'invalid_cursor'],
      [{ cursor: 12 }, 'invalid_cursor'],
      [{ cursor: `c1.${Buffer.from("x' OR 1=1 --").toString('base64url')}` }, 'invalid_cursor'],
      [{ limit: 0 }, 'validation_error'],
      [{ limit: 1001 }, 'validation_error'],
      [{ limit: 1.5 }, 'validation_error'],
      [{ status: 'bogus' }, 'validation_error'],
    ];
    for (const [filter, code] of listings) {
      const label = JSON.stringify(filter);
      await expectRejected(() => store.listSessions(filter as never), code, `sessions ${label}`);
      await expectRejected(() => store.findRuns(filter as never), code, `findRuns ${label}`);
      await expectRejected(
        () => store.listRuns(session.id, filter as never),
        code,
        `runs ${label}`,
      );
    }
    for (const expectedSeq of [-1, 0.5, '1', Number.NaN]) {
      await expectRejected(
        () => store.appendEvents(session.id, [], { expectedSeq } as never),
        'validation_error',
        `expectedSeq ${String(expectedSeq)}`,
      );
    }
  });

  it('rejects sessions, runs and commits holding data that is not JSON', async () => {
    const writes = store.stats().writes;
    for (const [what, value] of UNSERIALIZABLE) {
      const badSession = { ...Session.create({ agentId: 'x' }), metadata: value } as Session;
      await expectRejected(
        () => store.saveSession(badSession),
        'validation_error',
        `session ${what}`,
      );
      const badRun = {
        ...Run.create({ sessionId: session.id, input: 'x' }),
        metadata: value,
      } as Run;
      await expectRejected(() => store.saveRun(badRun), 'validation_error', `run ${what}`);
      await expectRejected(
        () => store.commit(session.id, { session: { ...session, context: value } as Session }),
        'validation_error',
        `commit session ${what}`,
      );
      await expectRejected(
        () => store.commit(session.id, { events: [plainEvent({ data: value })] }),
        'validation_error',
        `commit event ${what}`,
      );
    }
    await expectRejected(() => store.commit(session.id, null as never), 'validation_error', 'null');
    await expectRejected(
      () => store.commit(session.id, { expectedSeq: -1 }),
      'validation_error',
      'commit expectedSeq',
    );
    await expectRejected(
      () => store.commit(session.id, { run: Run.create({ sessionId: 'ses_other', input: 'x' }) }),
      'validation_error',
      'commit run of another session',
    );
    expect(store.stats().writes).toBe(writes);
    expect((await store.listSessions()).items).toEqual([session]);
    expect((await store.findRuns()).items).toEqual([]);
    expect(await store.latestSeq(session.id)).toBe(1);
  });
});
