import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SessionEvent } from '../../src/index.js';
import {
  InMemorySessionStore,
  type ProviderAdapter,
  SessionManager,
  type SessionStore,
} from '../../src/index.js';
import { SqliteSessionStore } from '../../src/sqlite.js';

/** One timed run: its wall time, and when its first streamed text came (both from its start). */
export interface TimedRun {
  readonly ms: number;
  readonly firstTokenMs: number;
}

/** Which store a benchmark manager writes to. */
export type StoreKind = 'sqlite' | 'memory';

/** A `SessionManager` on `adapter`, on a new SQLite file in `root` or in memory. */
export function benchManager(
  adapter: ProviderAdapter,
  store: StoreKind,
  root: string,
): SessionManager {
  const chosen: SessionStore =
    store === 'sqlite'
      ? new SqliteSessionStore({ path: join(root, `${store}-${Math.random()}.db`) })
      : new InMemorySessionStore();
  return new SessionManager({ adapter, store: chosen });
}

/**
 * One run of `sessionId` through the manager (`startRun` + `executeRun`), timed from the
 * `startRun` call; the first token is the first `message_streamed` delivered to `onEvent`.
 */
export async function libraryRun(
  manager: SessionManager,
  sessionId: string,
  prompt: string,
): Promise<TimedRun> {
  const start = performance.now();
  let firstTokenMs = Number.NaN;
  const run = await manager.startRun(sessionId, prompt);
  const result = await manager.executeRun(run.id, {
    onEvent: (event: SessionEvent) => {
      if (Number.isNaN(firstTokenMs) && event.type === 'message_streamed') {
        firstTokenMs = performance.now() - start;
      }
    },
  });
  const ms = performance.now() - start;
  if (result.status !== 'completed') {
    throw new Error(`a run through the manager ended ${result.status}: ${result.error?.message}`);
  }
  return { ms, firstTokenMs };
}
