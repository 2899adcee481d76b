import { describe, expect, it } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { runSessionStoreConformance } from '../../testing/store-conformance/index.js';
import { InMemorySessionStore } from './in-memory-session-store.js';

runSessionStoreConformance({
  name: 'InMemorySessionStore',
  createStore: () => new InMemorySessionStore(),
});

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

async function populated() {
  const store = new InMemorySessionStore();
  const session = await store.saveSession(
    Session.create({ agentId: 'frozen', context: { nested: { list: [1] } }, tags: ['t'] }),
  );
  const run = await store.saveRun(Run.create({ sessionId: session.id, input: 'x', owner: 'w' }));
  const event = SessionEvent.create({
    type: 'message_sent',
    sessionId: session.id,
    data: { role: 'user', content: 'hi', extra: { deep: [1, { two: 2 }] } },
  });
  return { store, session, run, event };
}

describe('InMemorySessionStore specifics', () => {
  it('hands out deeply frozen sessions, runs, events, pages and commit results', async () => {
    const { store, session, run, event } = await populated();
    const [stored] = await store.appendEvents(session.id, [event]);
    const result = await store.commit(session.id, {
      events: [SessionEvent.create({ type: 'turn_completed', sessionId: session.id })],
      run: Run.start(run),
    });
    const values = [
      session,
      run,
      stored,
      result,
      await store.getSession(session.id),
      await store.getRun(run.id),
      await store.listSessions(),
      await store.listRuns(session.id),
      await store.findRuns({ owner: 'w' }),
      await store.getActiveRun(session.id),
    ];
    for (const value of values) expect(isDeepFrozen(value)).toBe(true);
  });

  it('stores a new frozen event, never the caller’s object, and keeps the input unstored', async () => {
    const { store, session, event } = await populated();
    const [stored] = await store.appendEvents(session.id, [event]);
    expect(stored).not.toBe(event);
    expect(event.seq).toBe(0);
    expect(stored?.seq).toBe(1);
    expect(stored?.data).toBe(event.data); // frozen data is shared safely, not copied again
  });

  it('returns fresh arrays: changing a returned list does not change the log', async () => {
    const { store, session, event } = await populated();
    const appended = await store.appendEvents(session.id, [event]);
    appended.pop();
    const read = await store.readEvents(session.id);
    read.length = 0;
    expect(await store.readEvents(session.id)).toHaveLength(1);
  });

  it('getActiveRun picks the first running run by id when several are running', async () => {
    const store = new InMemorySessionStore();
    const session = await store.saveSession(Session.create({ agentId: 'a' }));
    const ids = ['run_b', 'run_a', 'run_c'];
    for (const id of ids) {
      await store.saveRun(Run.create({ id, sessionId: session.id, input: 'x', status: 'running' }));
    }
    expect((await store.getActiveRun(session.id))?.id).toBe('run_a');
  });

  it('sorts custom ids that arrive out of order and pages through them', async () => {
    const store = new InMemorySessionStore();
    const ids = ['s-m', 's-a', 's-z', 's-b', 's-y', 's-c'];
    for (const id of ids) await store.saveSession(Session.create({ id, agentId: 'a' }));
    await store.deleteSession('s-b');
    const first = await store.listSessions({ limit: 2 });
    const second = await store.listSessions({ limit: 10, cursor: first.nextCursor as string });
    expect([...first.items, ...second.items].map((s) => s.id)).toEqual([
      's-a',
      's-c',
      's-m',
      's-y',
      's-z',
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('assigns seq itself, whatever seq the events carry (none or a wrong guess)', async () => {
    const { store, session, event } = await populated();
    const guessed = SessionEvent.create({ ...event, id: undefined, seq: 9 } as never);
    const stored = await store.appendEvents(session.id, [event, guessed]);
    expect(stored.map((e) => e.seq)).toEqual([1, 2]);
    expect(SessionEvent.isBuilt(stored[1])).toBe(true);
    expect((await store.readEvents(session.id)).map((e) => e.seq)).toEqual([1, 2]);
  });
});

// The suite's setup and teardown hooks, proven on the memory store: each test runs between them.
const hookLog: string[] = [];
runSessionStoreConformance({
  name: 'InMemorySessionStore (with hooks)',
  beforeEach: () => {
    hookLog.push('before');
  },
  createStore: () => {
    hookLog.push('create');
    return new InMemorySessionStore();
  },
  afterEach: async () => {
    await Promise.resolve();
    hookLog.push('after');
  },
});

describe('conformance hooks', () => {
  it('ran beforeEach, createStore and afterEach around every test, in that order', () => {
    expect(hookLog.length).toBeGreaterThan(30);
    const triples = hookLog.join(' ').replaceAll('before create after', '').trim();
    expect(triples).toBe('');
  });
});
