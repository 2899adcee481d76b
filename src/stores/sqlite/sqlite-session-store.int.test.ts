import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { SCHEMA_VERSION } from './schema.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-'));
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function message(sessionId: string, content: string): SessionEvent {
  return SessionEvent.create({ type: 'message_sent', sessionId, data: { role: 'user', content } });
}

function openFails(path: string): AgentSessionError {
  try {
    new SqliteSessionStore({ path });
  } catch (error) {
    if (AgentSessionError.isInstance(error)) return error;
    throw error;
  }
  return expect.unreachable('the store opened');
}

async function storeWithEvents(path: string, count: number) {
  const store = new SqliteSessionStore({ path });
  const session = await store.saveSession(Session.create({ agentId: 'a', tags: ['kept'] }));
  const events = Array.from({ length: count }, (_, i) => message(session.id, `m${i + 1}`));
  await store.appendEvents(session.id, events);
  return { store, session };
}

describe('SqliteSessionStore on a file', () => {
  it('turns on WAL and records the schema version', async () => {
    const path = newPath();
    const { store } = await storeWithEvents(path, 1);
    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'session_tags', 'runs', 'events']));
    raw.close();
    await store.close();
  });

  it('keeps sessions, runs, tags and events across a reopen, and continues the seq', async () => {
    const path = newPath();
    const { store, session } = await storeWithEvents(path, 3);
    const run = await store.saveRun(Run.create({ sessionId: session.id, input: 'go' }));
    const before = await store.readEvents(session.id);
    await store.close();

    const reopened = new SqliteSessionStore({ path });
    expect(await reopened.getSession(session.id)).toEqual(session);
    expect(await reopened.getRun(run.id)).toEqual(run);
    expect((await reopened.listSessions({ tag: 'kept' })).items).toEqual([session]);
    expect(await reopened.readEvents(session.id)).toEqual(before);
    const [next] = await reopened.appendEvents(session.id, [message(session.id, 'm4')]);
    expect(next?.seq).toBe(4);
    await reopened.close();
  });

  it('refuses a file with a newer schema and leaves it byte-identical', () => {
    const path = newPath();
    const raw = new Database(path);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma('user_version = 99');
    raw.close();
    const bytes = readFileSync(path);

    const error = openFails(path);
    expect(error.code).toBe('storage_error');
    expect(error.message).toContain('schema version 99');
    expect(error.message).toContain(`up to ${SCHEMA_VERSION}`);
    expect(error.details).toMatchObject({ foundVersion: 99, supportedVersion: SCHEMA_VERSION });

    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('names the path when it cannot open it or the file is not its database', () => {
    const missingDir = join(dir, 'no-such-dir', 'x.db');
    const error = openFails(missingDir);
    expect(error.code).toBe('storage_connection_failed');
    expect(error.message).toContain(missingDir);
    expect(error.retryable).toBe(true);

    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(openFails(folder)).toMatchObject({ code: 'storage_connection_failed' });

    const foreign = newPath();
    const other = new Database(foreign);
    other.exec('CREATE TABLE sessions (x)');
    other.pragma('user_version = 1');
    other.close();
    expect(openFails(foreign)).toMatchObject({ code: 'storage_connection_failed' });

    const garbage = newPath();
    writeFileSync(garbage, 'this is not a database '.repeat(100));
    const notDb = openFails(garbage);
    expect(notDb.code).toBe('storage_connection_failed');
    expect(notDb.message).toContain(garbage);
    expect(notDb.cause).toBeInstanceOf(Error);
  });

  it('validates its options', () => {
    const bad: unknown[] = [
      undefined,
      {},
      { path: '' },
      { path: 3 },
      { path: ':memory:', busyTimeoutMs: -1 },
    ];
    for (const options of bad) {
      expect(
        () => new SqliteSessionStore(options as { path: string }),
        JSON.stringify(options),
      ).toThrowError(expect.objectContaining({ code: 'validation_error' }));
    }
  });
});

describe('the database itself enforces the guarantees', () => {
  it('rejects a duplicate (session_id, seq), a duplicate event id and an orphan event', async () => {
    const path = newPath();
    const { store, session } = await storeWithEvents(path, 2);
    const stored = await store.readEvents(session.id);
    await store.close();

    const raw = new Database(path);
    raw.pragma('foreign_keys = ON');
    const insert = raw.prepare(
      "INSERT INTO events (session_id, seq, id, type, timestamp, data, metadata) VALUES (?, ?, ?, 'message_sent', '2026-01-01T00:00:00.000Z', '{}', '{}')",
    );
    expect(() => insert.run(session.id, 2, 'evt_other')).toThrowError(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }),
    );
    expect(() => insert.run(session.id, 3, stored[0]?.id)).toThrowError(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }),
    );
    expect(() => insert.run('ses_missing', 1, 'evt_orphan')).toThrowError(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
    expect(() => insert.run(session.id, 0, 'evt_zero')).toThrowError(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }),
    );
    expect(raw.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(2);
    raw.close();
  });

  it('never trusts a cached seq: two connections appending in turn stay contiguous', async () => {
    const path = newPath();
    const a = new SqliteSessionStore({ path });
    const b = new SqliteSessionStore({ path });
    const session = await a.saveSession(Session.create({ agentId: 'two' }));
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const store = i % 2 === 0 ? a : b;
      const stored = await store.appendEvents(session.id, [
        message(session.id, `x${i}`),
        message(session.id, `y${i}`),
      ]);
      seqs.push(...stored.map((e) => e.seq));
    }
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const stale = await a.appendEvents(session.id, [message(session.id, 'z')], { expectedSeq: 12 });
    expect(stale[0]?.seq).toBe(13);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('locks held by another connection', () => {
  it('waits for the lock and then writes (no SQLITE_BUSY reaches the caller)', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path, busyTimeoutMs: 100 });
    const session = await store.saveSession(Session.create({ agentId: 'busy' }));
    const raw = new Database(path, { timeout: 0 });
    raw.exec('BEGIN IMMEDIATE');
    setTimeout(() => raw.exec('COMMIT'), 150);
    const [event] = await store.appendEvents(session.id, [message(session.id, 'after the lock')]);
    expect(event?.seq).toBe(1);
    expect(store.stats().busyRetries).toBeGreaterThan(0);
    raw.close();
    await store.close();
  });

  it('gives up with storage_write_failed when the lock never comes free', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path, busyTimeoutMs: 30 });
    const session = await store.saveSession(Session.create({ agentId: 'busy' }));
    const raw = new Database(path, { timeout: 0 });
    raw.exec('BEGIN IMMEDIATE');
    const outcome = await store.appendEvents(session.id, [message(session.id, 'blocked')]).then(
      () => null,
      (error: unknown) => error,
    );
    raw.exec('ROLLBACK');
    raw.close();
    expect(outcome).toMatchObject({ code: 'storage_write_failed', details: { reason: 'busy' } });
    expect(String((outcome as Error).message)).not.toMatch(/^SQLITE_BUSY/);
    expect(await store.latestSeq(session.id)).toBe(0);
    await store.close();
  });
});

describe('closing', () => {
  it('finishes queued writes before closing; later calls are storage_error', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path });
    const session = await store.saveSession(Session.create({ agentId: 'close' }));
    const pending = store.appendEvents(session.id, [message(session.id, 'last words')]);
    const closed = store.close();
    expect(store.close()).toBe(closed);
    await expect(pending).resolves.toHaveLength(1);
    await closed;
    await expect(store.latestSeq(session.id)).rejects.toMatchObject({ code: 'storage_error' });

    const reopened = new SqliteSessionStore({ path });
    expect(await reopened.latestSeq(session.id)).toBe(1);
    await reopened.close();
  });
});
