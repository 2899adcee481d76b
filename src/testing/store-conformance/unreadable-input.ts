import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import { expectCode, message, newSession, plainCopy } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

const thrown = new Error('read exploded');

/** `value` with an extra enumerable property whose getter throws. */
function withThrowingGetter<T extends object>(value: T, key: string): T {
  return Object.defineProperty({ ...value }, key, {
    enumerable: true,
    get() {
      throw thrown;
    },
  });
}

/** A Proxy of `value` whose `trap` throws. */
function throwingProxy<T extends object>(value: T, trap: 'get' | 'ownKeys'): T {
  return new Proxy(value, {
    [trap]() {
      throw thrown;
    },
  });
}

/** User data that throws when read (getters, Proxies) is `validation_error`, never a raw error. */
export function unreadableInputTests(ctx: ConformanceContext): void {
  describe('input that throws when read', () => {
    storeTest(
      ctx,
      'sessions and runs whose data throws when read are validation_error',
      async (s) => {
        const base = plainCopy(Session.create({ agentId: 'getter' }));
        const sessions: [string, unknown][] = [
          ['context', { ...base, context: withThrowingGetter({ a: 1 }, 'systemPrompt') }],
          ['metadata', { ...base, metadata: throwingProxy({ a: 1 }, 'ownKeys') }],
          ['tags', { ...base, tags: throwingProxy(['t'], 'get') }],
          ['agentId', withThrowingGetter(base, 'agentId')],
          ['session', throwingProxy(base, 'ownKeys')],
        ];
        for (const [field, value] of sessions) {
          const error = await expectCode(() => s.saveSession(value as Session), 'validation_error');
          expect(error.message, field).toContain(field);
          expect(error.cause, field).toBe(thrown);
        }
        const session = await newSession(s);
        const run = plainCopy(Run.create({ sessionId: session.id, input: 'x' }));
        const runs: [string, unknown][] = [
          [
            'input',
            { ...run, input: { messages: [withThrowingGetter({ role: 'user' }, 'content')] } },
          ],
          ['metadata', { ...run, metadata: throwingProxy({}, 'ownKeys') }],
        ];
        for (const [field, value] of runs) {
          const error = await expectCode(() => s.saveRun(value as Run), 'validation_error');
          expect(error.message, field).toContain(field);
          await expectCode(() => s.commit(session.id, { run: value as Run }), 'validation_error');
        }
        expect((await s.listSessions()).items).toEqual([session]);
        expect((await s.findRuns()).items).toEqual([]);
      },
    );

    storeTest(
      ctx,
      'events whose data throws when read are validation_error naming the event',
      async (s) => {
        const session = await newSession(s);
        const plain = plainCopy(message(session.id, 'x'));
        const events: unknown[] = [
          { ...plain, data: withThrowingGetter({ role: 'user', content: 'x' }, 'extra') },
          { ...plain, metadata: throwingProxy({}, 'ownKeys') },
          { ...plain, data: throwingProxy({ role: 'user', content: 'x' }, 'get') },
          withThrowingGetter(plain, 'type'),
          throwingProxy(plain, 'get'),
        ];
        for (const event of events) {
          const batch = [message(session.id, 'ok'), event] as SessionEvent[];
          const error = await expectCode(
            () => s.appendEvents(session.id, batch),
            'validation_error',
          );
          expect(error.message.startsWith('events[1]'), error.message).toBe(true);
          expect(error.details.index).toBe(1);
          await expectCode(() => s.commit(session.id, { events: batch }), 'validation_error');
        }
        const list = throwingProxy([message(session.id, 'x')], 'get');
        await expectCode(() => s.appendEvents(session.id, list), 'validation_error');
        const request = withThrowingGetter({}, 'events');
        await expectCode(() => s.commit(session.id, request as never), 'validation_error');
        expect(await s.latestSeq(session.id)).toBe(0);
      },
    );
  });
}
