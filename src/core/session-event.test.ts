import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSessionError } from './agent-session-error.js';
import { CANONICAL_DATA_KEYS } from './event-data.js';
import {
  EVENT_TYPES,
  EVENT_TYPES_BY_GROUP,
  eventGroup,
  isTerminalRunEventType,
} from './event-types.js';
import { SessionEvent } from './session-event.js';

describe('event types', () => {
  it('are the 22 types in six groups', () => {
    expect(EVENT_TYPES).toHaveLength(22);
    expect(Object.keys(EVENT_TYPES_BY_GROUP)).toEqual([
      'session',
      'run',
      'message',
      'tool',
      'error',
      'usage',
    ]);
    expect(eventGroup('tool_call_failed')).toBe('tool');
    expect(isTerminalRunEventType('run_timeout')).toBe(true);
    expect(isTerminalRunEventType('run_started')).toBe(false);
  });
});

describe('SessionEvent.create', () => {
  it('makes an unstored event with id, timestamp and seq 0', () => {
    const event = SessionEvent.create({
      type: 'message_sent',
      sessionId: 'ses_1',
      runId: 'run_1',
      data: { role: 'user', content: 'hi' },
    });
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(event.seq).toBe(0);
    expect(event.provider).toBeNull();
    expect(event.metadata).toEqual({});
    expect(Object.isFrozen(event.data)).toBe(true);
    expect(SessionEvent.withSeq(event, 3).seq).toBe(3);
    expect(event.seq).toBe(0);
  });

  it('requires the canonical data keys of each canonical type', () => {
    for (const [type, keys] of Object.entries(CANONICAL_DATA_KEYS)) {
      const missing = keys[0] as string;
      expect(() => SessionEvent.create({ type: type as never, sessionId: 's', data: {} })).toThrow(
        new RegExp(`event.data.${missing} is required`),
      );
    }
  });

  it('rejects unknown types with invalid_event_type and bad fields with validation_error', () => {
    const bad = (attrs: unknown) => {
      try {
        SessionEvent.create(attrs as never);
      } catch (error) {
        return (error as AgentSessionError).code;
      }
      return 'accepted';
    };
    expect(bad({ type: 'nope', sessionId: 's' })).toBe('invalid_event_type');
    expect(bad({ type: 'session_created' })).toBe('validation_error');
    expect(bad({ type: 'session_created', sessionId: 's', data: 'x' })).toBe('validation_error');
    expect(bad({ type: 'session_created', sessionId: 's', timestamp: 'now' })).toBe(
      'validation_error',
    );
    expect(bad({ type: 'session_created', sessionId: 's', seq: -2 })).toBe('validation_error');
    expect(bad({ type: 'session_created', sessionId: 's', data: { f: Symbol('x') } })).toBe(
      'validation_error',
    );
    expect(() =>
      SessionEvent.withSeq(SessionEvent.create({ type: 'session_created', sessionId: 's' }), 0),
    ).toThrow(/event.seq/);
  });
});

describe('SessionEvent JSON', () => {
  const eventArb = fc.record({
    type: fc.constantFrom('session_created', 'message_streamed', 'turn_completed'),
    sessionId: fc.string({ minLength: 1, maxLength: 20 }),
    runId: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }),
    seq: fc.nat(),
    provider: fc.option(fc.constantFrom('mock', 'claude'), { nil: null }),
    data: fc.record({ delta: fc.string(), n: fc.integer() }),
  });

  it('fromJSON(toJSON(x)) equals x', () => {
    fc.assert(
      fc.property(eventArb, (attrs) => {
        const event = SessionEvent.create(attrs as never);
        expect(SessionEvent.fromJSON(JSON.parse(JSON.stringify(event)))).toEqual(event);
      }),
    );
  });

  it('fromJSON on arbitrary input throws only AgentSessionError', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true }), (value) => {
        try {
          SessionEvent.fromJSON(value);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});

describe('SessionEvent.validate', () => {
  it('returns an event this package built as is, and validates anything else', () => {
    const event = SessionEvent.create({ type: 'session_created', sessionId: 'ses_x' });
    expect(SessionEvent.validate(event)).toBe(event);
    const stored = SessionEvent.withSeq(event, 3);
    expect(SessionEvent.validate(stored)).toBe(stored);
    const copy = { ...event };
    const checked = SessionEvent.validate(copy);
    expect(checked).not.toBe(copy);
    expect(checked).toEqual(event);
    expect(Object.isFrozen(checked)).toBe(true);
    expect(() => SessionEvent.validate({ ...event, type: 'nope' })).toThrow(
      expect.objectContaining({ code: 'invalid_event_type' }),
    );
    expect(() => SessionEvent.validate({ ...event, id: undefined })).toThrow(/event.id/);
  });
});

describe('SessionEvent.stored', () => {
  const event = SessionEvent.create({
    type: 'message_sent',
    sessionId: 'ses_1',
    data: { role: 'user', content: 'hi' },
  });

  it('makes the stored event: the same content with the given seq, frozen and built', () => {
    const stored = SessionEvent.stored(event, 7);
    expect(stored).toEqual({ ...event, seq: 7 });
    expect(stored).not.toBe(event);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(SessionEvent.isBuilt(stored)).toBe(true);
    expect(stored.data).toBe(event.data); // frozen payloads are shared, not copied
    expect(event.seq).toBe(0);
  });

  it('ignores whatever seq the input carries (none, or a guess)', () => {
    const guessed = SessionEvent.create({ ...event, seq: 3 });
    expect(SessionEvent.stored(guessed, 1).seq).toBe(1);
    expect(SessionEvent.stored(SessionEvent.stored(event, 5), 5).seq).toBe(5);
  });

  it('validates a plain input and refuses a seq below 1', () => {
    const plain = JSON.parse(JSON.stringify(event));
    expect(SessionEvent.stored(plain, 2)).toEqual({ ...event, seq: 2 });
    expect(() => SessionEvent.stored({ ...plain, type: 'nope' }, 2)).toThrow(
      expect.objectContaining({ code: 'invalid_event_type' }),
    );
    for (const seq of [0, -1, 1.5, Number.NaN]) {
      expect(() => SessionEvent.stored(event, seq)).toThrow(
        expect.objectContaining({ code: 'validation_error' }),
      );
    }
  });

  it('names the field of an event whose attributes throw when read', () => {
    const attrs = Object.defineProperty({ ...JSON.parse(JSON.stringify(event)) }, 'type', {
      enumerable: true,
      get() {
        throw new Error('no type today');
      },
    });
    expect(() => SessionEvent.validate(attrs)).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        message: expect.stringMatching(/^event\.type could not be read/),
      }),
    );
  });
});
