import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';

/** The stores a restarting manager can be on. */
export type RestartStore = 'memory' | 'sqlite';

/**
 * Managers that stand for processes starting and exiting: each on a new store, of the test's one
 * SQLite file (in a temp dir named `prefix…`) or in memory. After each test every manager and
 * store is closed and the file removed.
 */
export function useRestartingManagers(prefix: string): {
  /** A manager on `adapter` and a new store of `kind` (the test's SQLite file by default). */
  managerOn(
    adapter: ProviderAdapter,
    kind?: RestartStore,
    wrap?: (store: SessionStore) => SessionStore,
  ): SessionManager;
  /** Close the managers and stores opened so far, as a process that exits would. */
  shutDown(): Promise<void>;
} {
  let dir = '';
  const stores: SessionStore[] = [];
  const managers: SessionManager[] = [];
  const shutDown = async (): Promise<void> => {
    for (const m of managers.splice(0)) await m.close();
    for (const s of stores.splice(0)) await s.close();
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await shutDown();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    managerOn(adapter, kind = 'sqlite', wrap = (s) => s) {
      const store = wrap(
        kind === 'memory'
          ? new InMemorySessionStore()
          : new SqliteSessionStore({ path: join(dir, 'sessions.db') }),
      );
      stores.push(store);
      const manager = new SessionManager({ store, adapter, telemetry: false });
      managers.push(manager);
      return manager;
    },
    shutDown,
  };
}
