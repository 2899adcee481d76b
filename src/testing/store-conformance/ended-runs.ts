import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { SessionStore } from '../../ports/session-store.js';
import { expectCode, message, newRun, newSession, snapshot } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

const ENDINGS = {
  completed: (run: Run) =>
    Run.complete(run, { content: 'done', stopReason: 'end_turn', toolCalls: [] }),
  failed: (run: Run) => Run.fail(run, { code: 'provider_error', message: 'broke' }),
  cancelled: (run: Run) => Run.cancel(run, 'stop'),
  timeout: (run: Run) => Run.timeout(run, 1000),
} as const;

type Ending = keyof typeof ENDINGS;

/** A session with a run saved as running, one event of it stored, then ended with `ending`. */
async function endedRun(store: SessionStore, ending: Ending) {
  const session = await newSession(store);
  const running = await store.saveRun(Run.start(await newRun(store, session.id)));
  const stored = await store.appendEvents(session.id, [
    message(session.id, 'while running', { runId: running.id }),
  ]);
  const run = await store.saveRun(ENDINGS[ending](running));
  return { session, run, stored };
}

function ofRun(sessionId: string, runId: string, content: string): SessionEvent {
  return message(sessionId, content, { runId });
}

/** Nothing of a run can follow its terminal event: events of an ended run are refused. */
export function endedRunTests(ctx: ConformanceContext): void {
  describe('events of ended runs', () => {
    storeTest(
      ctx,
      'appendEvents refuses events of a run whose stored status is terminal',
      async (s) => {
        for (const ending of Object.keys(ENDINGS) as Ending[]) {
          const { session, run, stored } = await endedRun(s, ending);
          const batch = [message(session.id, 'no run'), ofRun(session.id, run.id, 'late')];
          const before = snapshot(batch);
          const error = await expectCode(() => s.appendEvents(session.id, batch), 'invalid_status');
          expect(error.details).toEqual({ sessionId: session.id, runId: run.id, status: ending });
          expect(error.message).toContain(run.id);
          expect(error.message).toContain(ending);
          expect(snapshot(batch)).toEqual(before);
          expect(await s.readEvents(session.id)).toEqual(stored);
          // Events of no run, or of another run, are still accepted.
          const other = await newRun(s, session.id);
          const next = await s.appendEvents(session.id, [
            message(session.id, 'no run'),
            ofRun(session.id, other.id, 'pending run'),
          ]);
          expect(next.map((e) => e.seq)).toEqual([2, 3]);
        }
      },
    );

    storeTest(ctx, 'commit refuses events of an ended run and writes nothing of it', async (s) => {
      const { session, run, stored } = await endedRun(s, 'failed');
      const fresh = Run.create({ sessionId: session.id, input: 'next' });
      const request = {
        events: [ofRun(session.id, run.id, 'late')],
        session: Session.update(session, { metadata: { changed: true } }),
        run: fresh,
      };
      const before = snapshot(request);
      const error = await expectCode(() => s.commit(session.id, request), 'invalid_status');
      expect(error.details).toEqual({ sessionId: session.id, runId: run.id, status: 'failed' });
      expect(snapshot(request)).toEqual(before);
      expect(await s.getSession(session.id)).toEqual(session);
      await expectCode(() => s.getRun(fresh.id), 'run_not_found');
      expect(await s.readEvents(session.id)).toEqual(stored);
    });

    storeTest(ctx, 'a commit that ends a run may carry its terminal event', async (s) => {
      const session = await newSession(s);
      const running = await s.saveRun(Run.start(await newRun(s, session.id)));
      const terminal = SessionEvent.create({
        type: 'run_completed',
        sessionId: session.id,
        runId: running.id,
        data: { stopReason: 'end_turn', tokenUsage: {}, costUsd: null },
      });
      const ended = ENDINGS.completed(running);
      const result = await s.commit(session.id, {
        events: [ofRun(session.id, running.id, 'last words'), terminal],
        run: ended,
      });
      expect(result.events.map((e) => [e.type, e.seq])).toEqual([
        ['message_sent', 1],
        ['run_completed', 2],
      ]);
      expect(result.run?.status).toBe('completed');
      await expectCode(
        () => s.appendEvents(session.id, [ofRun(session.id, running.id, 'after the end')]),
        'invalid_status',
      );
      expect(await s.latestSeq(session.id)).toBe(2);
    });

    storeTest(ctx, 'pending and running runs accept events', async (s) => {
      const session = await newSession(s);
      const pending = await newRun(s, session.id);
      const running = await s.saveRun(Run.start(await newRun(s, session.id)));
      const stored = await s.appendEvents(session.id, [
        ofRun(session.id, pending.id, 'pending'),
        ofRun(session.id, running.id, 'running'),
      ]);
      expect(stored.map((e) => e.seq)).toEqual([1, 2]);
    });

    storeTest(
      ctx,
      'a retry of events stored before the run ended returns the originals',
      async (s) => {
        const { session, stored } = await endedRun(s, 'completed');
        expect(await s.appendEvents(session.id, [stored[0] as SessionEvent])).toEqual(stored);
        expect(await s.latestSeq(session.id)).toBe(1);
      },
    );

    storeTest(
      ctx,
      'an append racing the commit that ends its run never follows the end',
      async (s) => {
        for (let round = 0; round < 20; round++) {
          const session = await newSession(s);
          const running = await s.saveRun(Run.start(await newRun(s, session.id)));
          const terminal = SessionEvent.create({
            type: 'run_cancelled',
            sessionId: session.id,
            runId: running.id,
            data: { reason: 'stop' },
          });
          const ending = s.commit(session.id, {
            events: [terminal],
            run: ENDINGS.cancelled(running),
          });
          const late = Array.from({ length: 3 }, (_, i) =>
            (round % 2 === 0 ? Promise.resolve() : new Promise((r) => setImmediate(r))).then(() =>
              s.appendEvents(session.id, [ofRun(session.id, running.id, `late ${i}`)]),
            ),
          );
          const results = await Promise.allSettled([ending, ...late]);
          expect(results[0]?.status).toBe('fulfilled');
          for (const r of results.slice(1)) {
            if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'invalid_status' });
          }
          const log = await s.readEvents(session.id, { runId: running.id });
          expect(log.at(-1)?.type).toBe('run_cancelled');
        }
      },
    );
  });
}
