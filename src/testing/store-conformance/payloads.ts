import { describe, expect } from 'vitest';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import { newSession } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

// Emoji (with a ZWJ sequence and a flag), CJK, right-to-left scripts, combining marks, escapes.
// No lone surrogates and no NUL: those are not valid text in every database.
const UNICODE = 'héllo 👩‍💻🇯🇵 你好世界 こんにちは 한국어 مرحبا שלום e\u0301 \t"\\\n\u2028 ∑𝔘';

/** 1 MiB of mixed text: ASCII, two-, three- and four-byte UTF-8. */
function megabyte(): string {
  const unit = `${UNICODE} plain ascii text 0123456789 `;
  const body = unit.repeat(Math.ceil((1024 * 1024) / unit.length)).slice(0, 1024 * 1024 - 1);
  return `${body}.`;
}

/** Large and non-ASCII values come back exactly as they were stored. */
export function payloadTests(ctx: ConformanceContext): void {
  describe('payloads', () => {
    storeTest(ctx, 'a 1 MB event payload round-trips exactly', async (store) => {
      const session = await newSession(store);
      const content = megabyte();
      const event = SessionEvent.create({
        type: 'message_received',
        sessionId: session.id,
        data: { role: 'assistant', content, parts: [content.slice(0, 1000), { n: 1.25 }] },
      });
      const [stored] = await store.appendEvents(session.id, [event]);
      expect(stored).toEqual({ ...event, seq: 1 });
      const [read] = await store.readEvents(session.id);
      expect((read?.data as { content?: string } | undefined)?.content === content).toBe(true);
      expect(read).toEqual({ ...event, seq: 1 });
    });

    storeTest(ctx, 'unicode round-trips exactly in sessions, runs and events', async (store) => {
      const session = await store.saveSession(
        Session.create({
          agentId: `agent ${UNICODE}`,
          context: { systemPrompt: UNICODE, [UNICODE]: UNICODE },
          metadata: { note: UNICODE },
          tags: [UNICODE, '标签'],
        }),
      );
      expect(await store.getSession(session.id)).toEqual(session);
      expect((await store.listSessions({ tag: '标签' })).items).toEqual([session]);
      const run = await store.saveRun(
        Run.create({ sessionId: session.id, input: UNICODE, metadata: { [UNICODE]: [UNICODE] } }),
      );
      expect(await store.getRun(run.id)).toEqual(run);
      const event = SessionEvent.create({
        type: 'message_sent',
        sessionId: session.id,
        runId: run.id,
        provider: 'prövider',
        data: { role: 'user', content: UNICODE },
        metadata: { [UNICODE]: UNICODE },
      });
      await store.appendEvents(session.id, [event]);
      expect(await store.readEvents(session.id)).toEqual([{ ...event, seq: 1 }]);
      expect(await store.appendEvents(session.id, [event])).toEqual([{ ...event, seq: 1 }]);
    });
  });
}
