import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameEventContent } from './event-equality.js';
import { SessionEvent } from './session-event.js';

const base = SessionEvent.create({
  type: 'message_sent',
  sessionId: 'ses_1',
  runId: 'run_1',
  provider: 'mock',
  data: { role: 'user', content: 'hi', parts: [1, { a: null }] },
  metadata: { k: 'v' },
});

describe('sameEventContent', () => {
  it('ignores seq and object identity', () => {
    expect(sameEventContent(base, SessionEvent.withSeq(base, 7))).toBe(true);
    expect(sameEventContent(base, SessionEvent.fromJSON(JSON.parse(JSON.stringify(base))))).toBe(
      true,
    );
  });

  it('ignores key order but not values, keys or array order', () => {
    const reordered = { ...base, data: { parts: [1, { a: null }], content: 'hi', role: 'user' } };
    expect(sameEventContent(base, reordered as SessionEvent)).toBe(true);
    const variants: Partial<SessionEvent>[] = [
      { id: 'evt_other' },
      { type: 'message_received' },
      { sessionId: 'ses_2' },
      { runId: null },
      { timestamp: '2000-01-01T00:00:00.000Z' },
      { provider: null },
      { data: { role: 'user', content: 'hi', parts: [{ a: null }, 1] } },
      { data: { role: 'user', content: 'hi', parts: [1, { a: null }], more: true } },
      { data: { role: 'user', content: 'hi', parts: { 0: 1, 1: { a: null } } } },
      { metadata: {} },
      { metadata: { k: 'w' } },
    ];
    for (const change of variants) {
      expect(sameEventContent(base, { ...base, ...change } as SessionEvent)).toBe(false);
    }
  });

  it('matches JSON equality of the content for any data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (x, y) => {
        const a = { ...base, data: { x } } as SessionEvent;
        const b = { ...base, data: { x: y } } as SessionEvent;
        const canonical = (v: unknown): string =>
          JSON.stringify(v, (_k, value) =>
            value && typeof value === 'object' && !Array.isArray(value)
              ? Object.fromEntries(Object.entries(value).sort(([p], [q]) => (p < q ? -1 : 1)))
              : value,
          );
        expect(sameEventContent(a, a)).toBe(true);
        return sameEventContent(a, b) === (canonical(x) === canonical(y));
      }),
    );
  });
});
