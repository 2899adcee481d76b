import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runSessionStoreConformance } from '../../testing/store-conformance/index.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-conformance-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runSessionStoreConformance({
  name: 'SqliteSessionStore (:memory:)',
  createStore: () => new SqliteSessionStore({ path: ':memory:' }),
});

runSessionStoreConformance({
  name: 'SqliteSessionStore (file)',
  createStore: () => new SqliteSessionStore({ path: join(dir, `store-${++files}.db`) }),
});
