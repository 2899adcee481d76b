import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Driver from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Session } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import { SqliteSessionStore } from '../stores/sqlite/sqlite-session-store.js';
import { exitCodeOf } from './cli-error.js';
import { StoreReader } from './store-reader.js';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asm-reader-'));
  path = join(dir, 'sessions.db');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): AgentSessionError {
  try {
    fn();
  } catch (error) {
    if (AgentSessionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

async function rejected(promise: Promise<unknown>): Promise<AgentSessionError> {
  try {
    await promise;
  } catch (error) {
    if (AgentSessionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('StoreReader', () => {
  it('reads the newest sessions first, filtered, one page; events page by page', async () => {
    const store = new SqliteSessionStore({ path });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const s = await store.saveSession(Session.create({ agentId: i % 2 === 0 ? 'even' : 'odd' }));
      ids.push(s.id);
    }
    const first = ids[0] as string;
    await store.appendEvents(
      first,
      Array.from({ length: 25 }, (_, i) =>
        SessionEvent.create({
          type: 'message_streamed',
          sessionId: first,
          data: { delta: `${i}` },
        }),
      ),
    );
    await store.close();

    const reader = StoreReader.open(path) as StoreReader;
    try {
      expect((await reader.newestSessions({}, 3)).map((s) => s.id)).toEqual(
        ids.slice(-3).reverse(),
      );
      expect(reader.sessionSummaries({}, 3).map((s) => s.id)).toEqual(ids.slice(-3).reverse());
      expect(reader.sessionSummaries({ agentId: 'even' }, 1)[0]).toMatchObject({
        id: ids[28],
        status: 'pending',
        agentId: 'even',
      });
      const odd = await reader.newestSessions({ agentId: 'odd' }, 100);
      expect(odd.map((s) => s.id)).toEqual(ids.filter((_, i) => i % 2 === 1).reverse());
      expect(await reader.newestSessions({ status: 'failed' }, 5)).toEqual([]);
      expect((await reader.events(first, 0, 10)).map((e) => e.seq)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect((await reader.events(first, 20, 10)).map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
      expect((await rejected(reader.getSession('ses_missing'))).code).toBe('session_not_found');
      expect((await rejected(reader.getRun('run_missing'))).code).toBe('run_not_found');
    } finally {
      reader.close();
    }
  });

  it('refuses a file of a newer schema and a database that is not an asm store, exit 3', async () => {
    const newer = new Driver(path);
    newer.pragma('user_version = 99');
    newer.close();
    const error = thrown(() => StoreReader.open(path));
    expect(error.message).toMatch(/^store .*sessions\.db was written by a newer version of asm/);
    expect(exitCodeOf(error)).toBe(3);

    const other = join(dir, 'other.db');
    const db = new Driver(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(thrown(() => StoreReader.open(other)).message).toMatch(
      /is a SQLite database but not an asm store/,
    );
  });
});
