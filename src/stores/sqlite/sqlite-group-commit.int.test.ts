import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-group-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function message(sessionId: string, content: string): SessionEvent {
  return SessionEvent.create({ type: 'message_sent', sessionId, data: { role: 'user', content } });
}

function codeOf(result: PromiseSettledResult<unknown>): string | null {
  return result.status === 'rejected'
    ? ((result.reason as { code?: string }).code ?? 'unknown')
    : null;
}

describe('group commit', () => {
  it('writes 200 concurrent appends in fewer transactions; the one bad call fails alone', async () => {
    const store = new SqliteSessionStore({ path: join(dir, `g-${++files}.db`) });
    const session = await store.saveSession(Session.create({ agentId: 'group' }));
    const before = store.stats();
    const BAD = 77;
    const events = Array.from({ length: 200 }, (_, i) => message(session.id, `call ${i}`));
    const results = await Promise.allSettled(
      events.map((event, i) =>
        store.appendEvents(session.id, [event], i === BAD ? { expectedSeq: 5 } : undefined),
      ),
    );
    const after = store.stats();

    expect(results.map(codeOf).filter((c) => c !== null)).toEqual(['version_conflict']);
    expect(codeOf(results[BAD] as PromiseSettledResult<unknown>)).toBe('version_conflict');
    // The others got the next seqs in call order, with no gap where the bad call was.
    const seqs = results.flatMap((r) =>
      r.status === 'fulfilled' ? r.value.map((e) => e.seq) : [],
    );
    expect(seqs).toEqual(Array.from({ length: 199 }, (_, i) => i + 1));
    const stored = await store.readEvents(session.id);
    expect(stored.map((e) => e.id)).toEqual(events.filter((_, i) => i !== BAD).map((e) => e.id));

    expect(after.writes - before.writes).toBe(200);
    expect(after.appends - before.appends).toBe(199);
    expect(after.transactions - before.transactions).toBeLessThan(200);
    expect(after.transactions - before.transactions).toBeLessThanOrEqual(2);
    await store.close();
  });

  it('gives each failing call of a group its own error and commits the rest', async () => {
    const store = new SqliteSessionStore({ path: ':memory:' });
    const session = await store.saveSession(Session.create({ agentId: 'mixed' }));
    const run = await store.saveRun(Run.create({ sessionId: session.id, input: 'x' }));
    const [stored] = await store.appendEvents(session.id, [message(session.id, 'first')]);
    const clash = SessionEvent.fromJSON({
      ...stored,
      seq: 0,
      data: { role: 'user', content: 'other' },
    });
    const before = store.stats().transactions;

    const results = await Promise.allSettled([
      store.appendEvents(session.id, [message(session.id, 'ok 1')]),
      store.appendEvents(session.id, [message(session.id, 'half'), clash]),
      store.saveSession(Session.update(session, { metadata: { v: 2 } })),
      store.saveSession(Session.update(session, { metadata: { v: 'stale' } })),
      store.appendEvents('ses_missing', [message('ses_missing', 'nowhere')]),
      store.commit(session.id, { run: Run.start(run), events: [message(session.id, 'ok 2')] }),
      store.commit(session.id, { run: Run.start(run), events: [message(session.id, 'stale run')] }),
      store.appendEvents(session.id, [message(session.id, 'ok 3')]),
    ]);

    expect(results.map(codeOf)).toEqual([
      null,
      'already_exists',
      null,
      'version_conflict',
      'session_not_found',
      null,
      'version_conflict',
      null,
    ]);
    expect(store.stats().transactions - before).toBe(1);
    const log = await store.readEvents(session.id);
    expect(log.map((e) => (e.data as { content: string }).content)).toEqual([
      'first',
      'ok 1',
      'ok 2',
      'ok 3',
    ]);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.getSession(session.id)).metadata).toEqual({ v: 2 });
    expect((await store.getRun(run.id)).version).toBe(2);
    await store.close();
  });

  it('restarts the seq of a session deleted and created again within one group', async () => {
    const store = new SqliteSessionStore({ path: ':memory:' });
    const session = await store.saveSession(Session.create({ agentId: 'again' }));
    const [, , , again] = await Promise.all([
      store.appendEvents(session.id, [message(session.id, 'a'), message(session.id, 'b')]),
      store.deleteSession(session.id),
      store.saveSession(Session.create({ id: session.id, agentId: 'again' })),
      store.appendEvents(session.id, [message(session.id, 'fresh')]),
    ]);
    expect(again?.map((e) => e.seq)).toEqual([1]);
    expect((await store.readEvents(session.id)).map((e) => e.seq)).toEqual([1]);
    await store.close();
  });

  it('uses one transaction per call when calls do not overlap', async () => {
    const store = new SqliteSessionStore({ path: ':memory:' });
    const session = await store.saveSession(Session.create({ agentId: 'serial' }));
    const before = store.stats().transactions;
    for (let i = 0; i < 5; i++) await store.appendEvents(session.id, [message(session.id, `${i}`)]);
    expect(store.stats().transactions - before).toBe(5);
    await store.close();
  });
});
