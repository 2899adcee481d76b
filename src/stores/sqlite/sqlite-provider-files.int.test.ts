import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../core/session.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-files-'));
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);

function tableNames(path: string): unknown[] {
  const raw = new Database(path);
  try {
    return raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  } finally {
    raw.close();
  }
}

describe('SqliteSessionStore provider files', () => {
  it('a database of schema version 1 opens, keeps its sessions and gets the provider_files table', async () => {
    const path = newPath();
    // A version-1 file: only the first migration, as the previous release wrote it.
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0] as string);
    raw.pragma('user_version = 1');
    raw.close();
    expect(tableNames(path)).not.toContain('provider_files');

    const first = new SqliteSessionStore({ path });
    const session = await first.saveSession(Session.create({ agentId: 'old' }));
    await first.close();

    const store = new SqliteSessionStore({ path });
    expect(await store.getSession(session.id)).toEqual(session);
    await store.saveProviderFile(session.id, {
      provider: 'claude',
      name: 'a.jsonl',
      data: bytes('x'),
    });
    await store.close();
    expect(tableNames(path)).toContain('provider_files');
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('keeps provider files across a reopen, as BLOBs, and deletes them with the session', async () => {
    const path = newPath();
    const store = new SqliteSessionStore({ path });
    const session = await store.saveSession(Session.create({ agentId: 'a' }));
    const data = bytes('{"type":"user"}\n');
    await store.saveProviderFile(session.id, { provider: 'claude', name: 's.jsonl', data });
    await store.close();

    const raw = new Database(path);
    const row = raw
      .prepare('SELECT typeof(data) AS kind, length(data) AS size FROM provider_files')
      .get() as { kind: string; size: number };
    expect(row).toEqual({ kind: 'blob', size: data.byteLength });
    raw.close();

    const again = new SqliteSessionStore({ path });
    const stored = await again.getProviderFile(session.id, 'claude');
    expect(stored?.name).toBe('s.jsonl');
    expect(Buffer.from(stored?.data ?? []).toString()).toBe('{"type":"user"}\n');
    await again.deleteSession(session.id);
    await again.close();

    const after = new Database(path);
    expect(after.prepare('SELECT COUNT(*) FROM provider_files').pluck().get()).toBe(0);
    after.close();
  });
});
