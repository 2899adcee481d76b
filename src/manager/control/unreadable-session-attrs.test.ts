import { describe, expect, it } from 'vitest';
import { MockAdapter } from '../../adapters/mock/mock-adapter.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Session } from '../../core/session.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { SessionManager } from '../session-manager.js';

const throwing = () => {
  throw new Error('trap');
};
const hostileTags: [string, () => unknown][] = [
  ['a Proxy whose get trap throws', () => new Proxy(['a'], { get: throwing })],
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable(['a'], {});
      revoke();
      return proxy;
    },
  ],
  [
    'an array with a throwing element getter',
    () => {
      const tags = ['a'];
      Object.defineProperty(tags, 0, { get: throwing, enumerable: true });
      return tags;
    },
  ],
];

describe('session tags that throw when read', () => {
  it.each(hostileTags)('%s are validation_error naming session.tags', (_name, make) => {
    let caught: unknown;
    try {
      Session.create({ agentId: 'a', tags: make() as string[] });
    } catch (error) {
      caught = error;
    }
    expect(AgentSessionError.isInstance(caught)).toBe(true);
    expect((caught as AgentSessionError).code).toBe('validation_error');
    expect((caught as AgentSessionError).message).toContain('session.tags');
  });

  it.each(hostileTags)('%s given to startSession store nothing', async (_name, make) => {
    const store = new InMemorySessionStore();
    const manager = new SessionManager({ store, adapter: new MockAdapter() });
    await expect(
      manager.startSession({ agentId: 'a', tags: make() as string[] }),
    ).rejects.toMatchObject({ code: 'validation_error' });
    expect((await store.listSessions()).items).toHaveLength(0);
    await manager.close();
  });
});
