import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import {
  expectCode,
  MISSING_SESSION,
  message,
  newRun,
  newSession,
  plainCopy,
  snapshot,
} from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

type Loose = SessionStore & Record<string, (...args: unknown[]) => Promise<unknown>>;

const NOT_VALUES: unknown[] = [null, undefined, 42, 'value', [], {}, { agentId: 'only' }];

/** Malformed input, unknown ids, and rejected writes leaving the caller's objects alone. */
export function badInputTests(ctx: ConformanceContext): void {
  describe('bad input', () => {
    storeTest(ctx, 'saveSession rejects values that are not sessions', async (store) => {
      const good = plainCopy(Session.create({ agentId: 'x' }));
      const bad = [...NOT_VALUES, { ...good, context: { f: () => 1 } }, { ...good, version: -1 }];
      for (const value of bad) {
        await expectCode(() => store.saveSession(value as Session), 'validation_error');
      }
      expect((await store.listSessions()).items).toEqual([]);
    });

    storeTest(ctx, 'saveRun rejects values that are not runs', async (store) => {
      const session = await newSession(store);
      const good = plainCopy(Run.create({ sessionId: session.id, input: 'x' }));
      const bad = [...NOT_VALUES, { ...good, input: 7 }, { ...good, metadata: { n: 1n } }];
      for (const value of bad) {
        await expectCode(() => store.saveRun(value as Run), 'validation_error');
      }
      expect((await store.findRuns()).items).toEqual([]);
    });

    storeTest(
      ctx,
      'every session-scoped method of an unknown session is session_not_found',
      async (s) => {
        const id = MISSING_SESSION;
        const calls: (() => Promise<unknown>)[] = [
          () => s.getSession(id),
          () => s.deleteSession(id),
          () => s.listRuns(id),
          () => s.getActiveRun(id),
          () => s.appendEvents(id, [message(id, 'x')]),
          () => s.appendEvents(id, []),
          () => s.commit(id, { events: [message(id, 'x')] }),
          () => s.readEvents(id),
          () => s.latestSeq(id),
        ];
        for (const call of calls) await expectCode(call, 'session_not_found');
      },
    );

    storeTest(ctx, 'ids that are not non-empty strings are validation_error', async (store) => {
      const loose = store as Loose;
      const methods = [
        'getSession',
        'deleteSession',
        'getRun',
        'listRuns',
        'getActiveRun',
        'readEvents',
        'latestSeq',
      ];
      for (const method of methods) {
        for (const id of [42, null, '', {}]) {
          await expectCode(
            () => (loose[method] as (id: unknown) => Promise<unknown>).call(store, id),
            'validation_error',
          );
        }
      }
    });

    storeTest(ctx, 'rejected writes leave the caller’s objects unchanged', async (s) => {
      const session = await newSession(s);
      const run = await newRun(s, session.id);
      await s.saveSession(Session.transition(session, 'active'));
      const [stored] = await s.appendEvents(session.id, [message(session.id, 'first')]);
      const cyclic: Record<string, unknown> = { role: 'user', content: 'x' };
      cyclic.self = cyclic;
      const inputs: [unknown, (input: never) => Promise<unknown>][] = [
        [plainCopy(session), (x: Session) => s.saveSession(x)],
        [plainCopy({ ...run, version: 0 }), (x: Run) => s.saveRun(x)],
        [
          [plainCopy({ ...stored!, data: { role: 'user', content: 'other' } })],
          (x: SessionEvent[]) => s.appendEvents(session.id, x),
        ],
        [
          [message(session.id, 'ok'), { ...plainCopy(message(session.id, 'x')), data: cyclic }],
          (x: SessionEvent[]) => s.appendEvents(session.id, x),
        ],
        [
          [plainCopy(message(session.id, 'late'))],
          (x: SessionEvent[]) => s.appendEvents(session.id, x, { expectedSeq: 0 }),
        ],
        [
          { events: [plainCopy(message(session.id, 'c'))], run: plainCopy({ ...run, version: 9 }) },
          (x: never) => s.commit(session.id, x),
        ],
      ];
      for (const [input, write] of inputs) {
        const before = snapshot(input);
        await expect(write(input as never)).rejects.toThrow();
        expect(snapshot(input)).toEqual(before);
      }
      expect(await s.readEvents(session.id)).toEqual([stored]);
      expect(await s.getRun(run.id)).toEqual(run);
    });
  });

  describe('closed store', () => {
    storeTest(ctx, 'a closed store rejects every method with storage_error', async (s) => {
      const session = await newSession(s);
      const run = await newRun(s, session.id);
      await s.close();
      const id = session.id;
      const calls: (() => Promise<unknown>)[] = [
        () => s.saveSession(Session.create({ agentId: 'late' })),
        () => s.getSession(id),
        () => s.listSessions(),
        () => s.deleteSession(id),
        () => s.saveRun(Run.create({ sessionId: id, input: 'late' })),
        () => s.getRun(run.id),
        () => s.listRuns(id),
        () => s.findRuns(),
        () => s.getActiveRun(id),
        () => s.appendEvents(id, [message(id, 'late')]),
        () => s.commit(id, { events: [message(id, 'late')] }),
        () => s.readEvents(id),
        () => s.latestSeq(id),
      ];
      for (const call of calls) await expectCode(call, 'storage_error');
    });

    storeTest(ctx, 'close is idempotent', async (store) => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
