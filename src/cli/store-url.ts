import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AgentSessionError } from '../core/agent-session-error.js';
import type { SessionStore } from '../ports/session-store.js';
import { storeError, usageError } from './cli-error.js';
import { describeStoreProblem } from './store-problem.js';

/** Where the CLI keeps sessions when neither `--store` nor `ASM_STORE` says otherwise. */
export const DEFAULT_STORE_PATH = '.asm/sessions.db';

/** A parsed `--store` value. */
export type StoreSpec =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * Parse a store URL: `sqlite:<path>` (relative to `cwd`; `sqlite::memory:` for an in-memory
 * database), `memory:`, `postgres://…` / `postgresql://…`. No value means the default SQLite file.
 * Anything else is a usage error.
 *
 * @example
 * ```ts
 * parseStoreUrl(undefined, '/work'); // { kind: 'sqlite', path: '/work/.asm/sessions.db' }
 * parseStoreUrl('memory:', '/work'); // { kind: 'memory' }
 * ```
 */
export function parseStoreUrl(value: string | undefined, cwd: string): StoreSpec {
  if (value === undefined || value.trim() === '') {
    return { kind: 'sqlite', path: resolve(cwd, DEFAULT_STORE_PATH) };
  }
  const url = value.trim();
  if (url === 'memory:' || url === 'memory://') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\/.+/.test(url)) return { kind: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') {
      throw usageError(
        `malformed store URL '${url}': sqlite: needs a file path, e.g. sqlite:app.db`,
      );
    }
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  throw usageError(
    `malformed store URL '${url}': use sqlite:<path>, memory: or postgres://… (see asm --help)`,
  );
}

/**
 * Open the store a spec names, for a command that writes. SQLite creates the file and its
 * directory; a file that cannot be used is a store error (exit 3) naming it. PostgreSQL is not
 * available in this version (`storage_connection_failed`).
 *
 * @example
 * ```ts
 * const store = await openStore(parseStoreUrl('sqlite:.asm/sessions.db', process.cwd()));
 * ```
 */
export async function openStore(spec: StoreSpec): Promise<SessionStore> {
  if (spec.kind === 'memory') {
    const { InMemorySessionStore } = await import('../stores/memory/in-memory-session-store.js');
    return new InMemorySessionStore();
  }
  if (spec.kind === 'postgres') {
    throw new AgentSessionError(
      'storage_connection_failed',
      'PostgreSQL store is not available yet in this version of asm; use sqlite:<path> or memory:',
    );
  }
  if (spec.path !== ':memory:') {
    try {
      mkdirSync(dirname(spec.path), { recursive: true });
    } catch (error) {
      throw new AgentSessionError(
        'storage_connection_failed',
        `cannot create the directory of store ${spec.path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const { SqliteSessionStore } = await import('../stores/sqlite/sqlite-session-store.js');
  try {
    return new SqliteSessionStore({ path: spec.path });
  } catch (error) {
    if (spec.path === ':memory:') throw error;
    throw storeError(spec.path, describeStoreProblem(error), error);
  }
}
