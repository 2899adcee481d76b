import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-stall-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fileStore(): SqliteSessionStore {
  return new SqliteSessionStore({ path: join(dir, `stall-${++files}.db`) });
}

function message(sessionId: string, content: string): SessionEvent {
  return SessionEvent.create({ type: 'message_sent', sessionId, data: { role: 'user', content } });
}

/**
 * Whether every promise settles without any further write: a stalled write stays pending forever,
 * so the wait is bounded (a liveness bound, not a timing assertion).
 */
async function allSettle(promises: Promise<unknown>[], boundMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), boundMs);
  });
  const settled = Promise.allSettled(promises).then(() => true as const);
  try {
    return await Promise.race([settled, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

describe('SQLite writes never stall behind a finishing flush', () => {
  it('saveSession(a); await null; saveSession(b): both settle without another write', async () => {
    const store = fileStore();
    const a = store.saveSession(Session.create({ agentId: 'a' }));
    await null;
    const b = store.saveSession(Session.create({ agentId: 'b' }));
    const writes = () => store.stats().writes;
    expect(await allSettle([a, b])).toBe(true);
    expect((await a).version).toBe(1);
    expect((await b).version).toBe(1);
    expect(writes()).toBe(2);
    await store.close();
  });

  it('a write submitted after 1 to 8 microtasks settles', async () => {
    const store = fileStore();
    for (let n = 1; n <= 8; n++) {
      const a = store.saveSession(Session.create({ agentId: `a${n}` }));
      for (let i = 0; i < n; i++) await null; // exactly n microtasks (no helper: it adds hops)
      const b = store.saveSession(Session.create({ agentId: `b${n}` }));
      expect(await allSettle([a, b]), `${n} microtasks`).toBe(true);
    }
    expect((await store.listSessions()).items).toHaveLength(16);
    await store.close();
  });

  it('a write submitted from the resolve callback of another settles', async () => {
    const store = fileStore();
    const session = await store.saveSession(Session.create({ agentId: 'nested' }));
    let inner: Promise<unknown> | null = null;
    const outer = store.appendEvents(session.id, [message(session.id, 'outer')]).then((stored) => {
      inner = store.appendEvents(session.id, [message(session.id, 'inner')]);
      return stored;
    });
    expect(await allSettle([outer])).toBe(true);
    expect(inner).not.toBeNull();
    expect(await allSettle([inner as unknown as Promise<unknown>])).toBe(true);
    expect((await store.readEvents(session.id)).map((e) => e.seq)).toEqual([1, 2]);
    await store.close();
  });

  it('random schedules of appends, commits and saves all settle, gap-free', async () => {
    // How each call waits after the one before: not at all, some microtasks, a macrotask, or from
    // inside the resolve callback of the call before.
    const gap = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('micro' as const), n: fc.integer({ min: 1, max: 12 }) }),
      fc.constant({ kind: 'immediate' as const }),
      fc.constant({ kind: 'callback' as const }),
    );
    const op = fc.constantFrom('append', 'commit', 'saveRun', 'saveSession');
    const store = fileStore();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(op, gap), { minLength: 2, maxLength: 12 }),
          async (plan) => {
            const session = await store.saveSession(Session.create({ agentId: 'schedule' }));
            const pending: Promise<unknown>[] = [];
            let appended = 0;
            let previous: Promise<unknown> = Promise.resolve();
            for (const [kind, wait] of plan) {
              const call = (): Promise<unknown> => {
                switch (kind) {
                  case 'append':
                    appended++;
                    return store.appendEvents(session.id, [message(session.id, 'a')]);
                  case 'commit':
                    appended++;
                    return store.commit(session.id, {
                      events: [message(session.id, 'c')],
                      run: Run.create({ sessionId: session.id, input: 'x' }),
                    });
                  case 'saveRun':
                    return store.saveRun(Run.create({ sessionId: session.id, input: 'y' }));
                  default:
                    return store.saveSession(Session.create({ agentId: 'other' }));
                }
              };
              if (wait.kind === 'callback') {
                const next = previous.then(call);
                pending.push(next);
                previous = next;
                continue;
              }
              if (wait.kind === 'micro') for (let i = 0; i < wait.n; i++) await null;
              else if (wait.kind === 'immediate') await new Promise((r) => setImmediate(r));
              previous = call();
              pending.push(previous);
            }
            // A callback call is made once its predecessor settled; its promise is in `pending`.
            expect(await allSettle(pending)).toBe(true);
            const results = await Promise.allSettled(pending);
            expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
            const log = await store.readEvents(session.id);
            expect(log.map((e) => e.seq)).toEqual(
              Array.from({ length: appended }, (_, i) => i + 1),
            );
          },
        ),
        { numRuns: 60, seed: 13 },
      );
    } finally {
      await store.close();
    }
  });
});
