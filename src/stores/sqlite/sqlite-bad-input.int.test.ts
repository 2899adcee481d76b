// The generic bad-input cases (malformed events, bad cursors, data that is not JSON, unknown ids)
// are in the public conformance suite (src/testing/store-conformance). What is SQLite's own: bad
// input is refused before it reaches the writer, so it never costs a transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

let store: SqliteSessionStore;
let session: Session;

beforeEach(async () => {
  store = new SqliteSessionStore({ path: ':memory:' });
  session = await store.saveSession(Session.create({ agentId: 'bad-input' }));
});

afterEach(async () => {
  await store.close();
});

describe('bad input never reaches the SQLite writer', () => {
  it('refuses malformed events, sessions, runs and commits without a write', async () => {
    const writes = store.stats().writes;
    const plain = SessionEvent.toJSON(
      SessionEvent.create({ type: 'session_started', sessionId: session.id }),
    );
    const getter = Object.defineProperty({ ...plain }, 'data', {
      enumerable: true,
      get() {
        throw new Error('unreadable');
      },
    });
    const attempts: (() => Promise<unknown>)[] = [
      () => store.appendEvents(session.id, [{ ...plain, type: 'bogus' } as never]),
      () => store.appendEvents(session.id, [{ ...plain, sessionId: 'ses_other' } as never]),
      () => store.appendEvents(session.id, [getter as never]),
      () => store.commit(session.id, { events: [{ ...plain, data: { f: () => 1 } } as never] }),
      () => store.saveSession({ ...session, metadata: { n: 1n } } as never),
      () =>
        store.saveRun({ ...Run.create({ sessionId: session.id, input: 'x' }), input: 7 } as never),
      () => store.commit(session.id, null as never),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({
        code: expect.stringMatching(/_error|_type$/),
      });
    }
    expect(store.stats().writes).toBe(writes);
    expect(await store.latestSeq(session.id)).toBe(0);
  });
});
