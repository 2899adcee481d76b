import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { exitCodeOf } from './cli-error.js';
import { openStore, parseStoreUrl } from './store-url.js';

describe('parseStoreUrl', () => {
  it('defaults to .asm/sessions.db in the working directory', () => {
    expect(parseStoreUrl(undefined, '/w')).toEqual({ kind: 'sqlite', path: '/w/.asm/sessions.db' });
    expect(parseStoreUrl('  ', '/w')).toEqual({ kind: 'sqlite', path: '/w/.asm/sessions.db' });
  });

  it('resolves sqlite paths against the working directory', () => {
    expect(parseStoreUrl('sqlite:data/a.db', '/w')).toEqual({
      kind: 'sqlite',
      path: '/w/data/a.db',
    });
    expect(parseStoreUrl('sqlite:/abs/a.db', '/w')).toEqual({ kind: 'sqlite', path: '/abs/a.db' });
    expect(parseStoreUrl('sqlite:///abs/a.db', '/w')).toEqual({
      kind: 'sqlite',
      path: '/abs/a.db',
    });
    expect(parseStoreUrl('sqlite::memory:', '/w')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('knows memory: and postgres URLs', () => {
    expect(parseStoreUrl('memory:', '/w')).toEqual({ kind: 'memory' });
    expect(parseStoreUrl('postgresql://u@h/db', '/w')).toEqual({
      kind: 'postgres',
      url: 'postgresql://u@h/db',
    });
  });

  it.each(['sqlite:', 'foo:bar', 'postgres://', 'mysql://h/db', './file.db'])(
    'rejects %s as a usage error',
    (url) => {
      let caught: unknown;
      try {
        parseStoreUrl(url, '/w');
      } catch (error) {
        caught = error;
      }
      expect(exitCodeOf(caught)).toBe(2);
      expect((caught as Error).message).toMatch(/malformed store URL/);
    },
  );
});

describe('openStore', () => {
  it('opens an in-memory store', async () => {
    const store = await openStore({ kind: 'memory' });
    expect(await store.listSessions()).toEqual({ items: [], nextCursor: null });
    await store.close();
  });

  it('refuses PostgreSQL for now with storage_connection_failed', async () => {
    const error = await openStore({ kind: 'postgres', url: 'postgres://h/db' }).catch((e) => e);
    expect(AgentSessionError.isInstance(error) && error.code).toBe('storage_connection_failed');
    expect(error.message).toMatch(/PostgreSQL store is not available yet/);
  });
});
