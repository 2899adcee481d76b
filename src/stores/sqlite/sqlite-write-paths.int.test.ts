import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { WAL_CHECKPOINT_PAGES } from './open-database.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-writes-'));
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tagRows(path: string, sessionId: string): string[] {
  const raw = new Database(path, { readonly: true });
  try {
    const rows = raw
      .prepare('SELECT tag FROM session_tags WHERE session_id = ? ORDER BY tag')
      .pluck()
      .all(sessionId);
    return rows as string[];
  } finally {
    raw.close();
  }
}

describe('SqliteSessionStore session tags', () => {
  it('keeps the tag rows equal to the tags through saves that keep, change and empty them', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path });
    let session = await store.saveSession(Session.create({ agentId: 't', tags: ['a', 'b'] }));
    expect(tagRows(path, session.id)).toEqual(['a', 'b']);

    session = await store.saveSession(Session.update(session, { metadata: { n: 1 } }));
    expect(tagRows(path, session.id)).toEqual(['a', 'b']);

    session = await store.saveSession(Session.update(session, { tags: ['b', 'c'] }));
    expect(tagRows(path, session.id)).toEqual(['b', 'c']);
    expect((await store.listSessions({ tag: 'a' })).items).toEqual([]);
    expect((await store.listSessions({ tag: 'c' })).items.map((s) => s.id)).toEqual([session.id]);

    session = await store.saveSession(Session.update(session, { tags: [] }));
    expect(tagRows(path, session.id)).toEqual([]);
    session = await store.saveSession(Session.update(session, { tags: ['d'] }));
    expect(tagRows(path, session.id)).toEqual(['d']);
    await store.close();
  });

  it('leaves tags and row unchanged when a save with the same tags is a version conflict', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path });
    const first = await store.saveSession(Session.create({ agentId: 't', tags: ['x'] }));
    const second = await store.saveSession(Session.update(first, { tags: ['y'] }));
    await expect(
      store.saveSession(Session.update(first, { metadata: { stale: true } })),
    ).rejects.toMatchObject({ code: 'version_conflict', details: { actualVersion: 2 } });
    expect(tagRows(path, first.id)).toEqual(['y']);
    expect(await store.getSession(first.id)).toEqual(second);
    await store.close();
  });

  it('replaces the tags another connection changed in between', async () => {
    const path = newPath();
    const one = new SqliteSessionStore({ path });
    const two = new SqliteSessionStore({ path });
    const created = await one.saveSession(Session.create({ agentId: 't', tags: ['x'] }));
    const changed = await two.saveSession(Session.update(created, { tags: ['z'] }));
    await one.saveSession(Session.update(changed, { tags: ['x'] }));
    expect(tagRows(path, created.id)).toEqual(['x']);
    await one.close();
    await two.close();
  });
});

describe('SqliteSessionStore checks of sessions and runs', () => {
  it('checks a spread copy of a built run or session in full', async () => {
    const store = new SqliteSessionStore({ path: ':memory:' });
    const session = await store.saveSession(Session.create({ agentId: 'c' }));
    const run = Run.create({ sessionId: session.id, input: 'go' });
    await expect(store.saveRun({ ...run, status: 'lost' } as never)).rejects.toMatchObject({
      code: 'invalid_status',
    });
    await expect(
      store.commit(session.id, { run: { ...run, input: '' } as never, events: [] }),
    ).rejects.toMatchObject({ code: 'validation_error', details: { field: 'run.input' } });
    await expect(store.saveSession({ ...session, tags: [1] } as never)).rejects.toMatchObject({
      code: 'validation_error',
      details: { field: 'session.tags[0]' },
    });
    const saved = await store.saveRun(run);
    expect(saved).toEqual({ ...run, version: 1 });
    expect(await store.getRun(run.id)).toEqual(saved);
    await store.close();
  });
});

describe('SqliteSessionStore checkpoints', () => {
  it(`checkpoints the WAL after ${WAL_CHECKPOINT_PAGES} pages, not SQLite's 1,000`, async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path });
    const session = await store.saveSession(Session.create({ agentId: 'wal' }));
    const content = 'x'.repeat(3000);
    // About 2,000 pages in 100 transactions: past SQLite's default, short of ours.
    for (let batch = 0; batch < 100; batch++) {
      const events = Array.from({ length: 20 }, () =>
        SessionEvent.create({
          type: 'message_sent',
          sessionId: session.id,
          data: { role: 'user', content },
        }),
      );
      await store.appendEvents(session.id, events);
    }
    const pages = statSync(`${path}-wal`).size / 4096;
    expect(pages).toBeGreaterThan(1500);
    expect(pages).toBeLessThan(WAL_CHECKPOINT_PAGES + 100);
    expect(await store.latestSeq(session.id)).toBe(2000);
    await store.close();
  });
});

describe('SqliteSessionStore updates of changed columns', () => {
  function storedRun(path: string, id: string): Record<string, unknown> {
    const raw = new Database(path, { readonly: true });
    try {
      return raw.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Record<string, unknown>;
    } finally {
      raw.close();
    }
  }

  it('writes the whole new run when another connection changed the row it last saw', async () => {
    const path = newPath();
    const one = new SqliteSessionStore({ path });
    const two = new SqliteSessionStore({ path });
    const session = await one.saveSession(Session.create({ agentId: 'c' }));
    const input = { sessionId: session.id, input: 'go', metadata: { m: 1 } };
    const saved = await one.saveRun(Run.create(input));
    // The second connection changes the metadata; the first still remembers { m: 1 }.
    const changed = await two.saveRun(Run.withMetadata(saved, { m: 2 }));
    const back = await one.saveRun(Run.start(Run.withMetadata(changed, { m: 1 })));
    expect(back).toMatchObject({ version: 3, status: 'running', metadata: { m: 1 } });
    expect(await two.getRun(saved.id)).toEqual(back);
    expect(storedRun(path, saved.id)).toMatchObject({ metadata: '{"m":1}', status: 'running' });
    await one.close();
    await two.close();
  });

  it('updates what changed and keeps the rest, through saves, commits and reads', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path });
    let session = await store.saveSession(Session.create({ agentId: 'c', tags: ['t'] }));
    const pending = await store.saveRun(Run.create({ sessionId: session.id, input: 'go' }));
    const started = await store.commit(session.id, { run: Run.start(pending), events: [] });
    session = await store.getSession(session.id);
    const output = { content: 'done', stopReason: 'end_turn', toolCalls: [] };
    const ended = await store.commit(session.id, {
      run: Run.complete(started.run as Run, output),
      session: Session.update(session, { providerSessionId: 'p-1' }),
    });
    const reopened = new SqliteSessionStore({ path });
    expect(await reopened.getRun(pending.id)).toEqual(ended.run);
    expect(await reopened.getSession(session.id)).toEqual(ended.session);
    expect(ended.session).toMatchObject({ version: 2, providerSessionId: 'p-1', tags: ['t'] });
    expect(tagRows(path, session.id)).toEqual(['t']);
    const stale = Session.update(session, { metadata: { late: true } });
    await expect(store.saveSession(stale)).rejects.toMatchObject({ code: 'version_conflict' });
    await expect(store.saveRun(Run.incrementTurn(started.run as Run))).rejects.toMatchObject({
      code: 'version_conflict',
      details: { expectedVersion: 2, actualVersion: 3 },
    });
    expect(await reopened.getRun(pending.id)).toEqual(ended.run);
    await reopened.close();
    await store.close();
  });
});
