import { describe, expect } from 'vitest';
import type { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import {
  expectCode,
  MISSING_RUN,
  MISSING_SESSION,
  message,
  newRun,
  newSession,
  plainCopy,
} from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

function keysOf(error: AgentSessionError): string[] {
  return Object.keys(error.details).sort();
}

/** Every store reports the same `details` keys for the same error, so callers can rely on them. */
export function errorDetailTests(ctx: ConformanceContext): void {
  describe('error details', () => {
    storeTest(ctx, 'not found errors name the missing id', async (s) => {
      const missing = await expectCode(() => s.getSession(MISSING_SESSION), 'session_not_found');
      expect(missing.details).toEqual({ sessionId: MISSING_SESSION });
      const append = await expectCode(
        () => s.appendEvents(MISSING_SESSION, [message(MISSING_SESSION, 'x')]),
        'session_not_found',
      );
      expect(append.details).toEqual({ sessionId: MISSING_SESSION });
      const run = await expectCode(() => s.getRun(MISSING_RUN), 'run_not_found');
      expect(run.details).toEqual({ runId: MISSING_RUN });
      const session = await newSession(s);
      const unsaved = {
        ...Run.create({ id: MISSING_RUN, sessionId: session.id, input: 'x' }),
        version: 2,
      };
      const update = await expectCode(() => s.saveRun(unsaved), 'run_not_found');
      expect(update.details).toEqual({ runId: MISSING_RUN });
    });

    storeTest(
      ctx,
      'version conflicts carry the id, expected and actual version or seq',
      async (s) => {
        const session = await newSession(s);
        await s.saveSession(Session.update(session, { metadata: { v: 2 } }));
        const stale = await expectCode(() => s.saveSession(session), 'version_conflict');
        expect(stale.details).toEqual({
          sessionId: session.id,
          expectedVersion: 1,
          actualVersion: 2,
        });
        const run = await newRun(s, session.id);
        await s.saveRun(Run.start(run));
        const staleRun = await expectCode(() => s.saveRun(Run.cancel(run)), 'version_conflict');
        expect(staleRun.details).toEqual({ runId: run.id, expectedVersion: 1, actualVersion: 2 });
        const viaCommit = await expectCode(
          () => s.commit(session.id, { run: Run.cancel(run) }),
          'version_conflict',
        );
        expect(viaCommit.details).toEqual(staleRun.details);
        const seq = await expectCode(
          () => s.appendEvents(session.id, [message(session.id, 'x')], { expectedSeq: 4 }),
          'version_conflict',
        );
        expect(seq.details).toEqual({ sessionId: session.id, expectedSeq: 4, actualSeq: 0 });
      },
    );

    storeTest(ctx, 'an event id conflict names the event and its index in the batch', async (s) => {
      const session = await newSession(s);
      const [stored] = await s.appendEvents(session.id, [message(session.id, 'original')]);
      const changed = SessionEvent.create({
        ...stored!,
        seq: 0,
        data: { role: 'user', content: 'other' },
      });
      const error = await expectCode(
        () => s.appendEvents(session.id, [message(session.id, 'fresh'), changed]),
        'already_exists',
      );
      expect(error.details).toEqual({ eventId: stored!.id, index: 1 });
      expect(error.message).toContain(stored!.id);
      const inCommit = await expectCode(
        () => s.commit(session.id, { events: [changed] }),
        'already_exists',
      );
      expect(inCommit.details).toEqual({ eventId: stored!.id, index: 0 });
    });

    storeTest(ctx, 'an invalid event of a batch names the field and its index', async (s) => {
      const session = await newSession(s);
      const bad = { ...plainCopy(message(session.id, 'x')), data: { role: 'user' } };
      const cases = [
        [() => s.appendEvents(session.id, [message(session.id, 'ok'), bad as never]), 'events[1]'],
        [() => s.commit(session.id, { events: [bad as never] }), 'request.events[0]'],
      ] as const;
      for (const [write, prefix] of cases) {
        const error = await expectCode(write, 'validation_error');
        expect(keysOf(error)).toEqual(['field', 'index']);
        expect(error.details.field).toBe(`${prefix}.data.content`);
        expect(error.message.startsWith(`${prefix}.data.content`)).toBe(true);
      }
      const other = await expectCode(
        () => s.appendEvents(session.id, [message('ses_other', 'x')]),
        'validation_error',
      );
      expect(other.details).toEqual({ field: 'events[0].sessionId', index: 0 });
      const type = await expectCode(
        () => s.appendEvents(session.id, [{ ...bad, type: 'nope' } as never]),
        'invalid_event_type',
      );
      expect(type.details).toEqual({ field: 'events[0].type', index: 0 });
    });

    storeTest(
      ctx,
      'a run moved to another session is validation_error naming the run',
      async (s) => {
        const first = await newSession(s);
        const second = await newSession(s);
        const run = await newRun(s, first.id);
        const error = await expectCode(
          () => s.saveRun({ ...run, sessionId: second.id }),
          'validation_error',
        );
        expect(error.details).toEqual({ field: 'run.sessionId', runId: run.id });
      },
    );

    storeTest(ctx, 'a closed store names the operation', async (s) => {
      await s.close();
      const error = await expectCode(() => s.getSession(MISSING_SESSION), 'storage_error');
      expect(error.details).toEqual({ operation: 'getSession' });
      expect(error.message).toContain('closed');
    });
  });
}
