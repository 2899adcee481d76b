import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { DEFAULT_MAX_BUFFER_SIZE, EventStream } from './event-stream.js';
import { SessionEvent } from './session-event.js';

const make = (i: number, over: { sessionId?: string; runId?: string | null } = {}) =>
  SessionEvent.create({
    type: 'turn_completed',
    sessionId: over.sessionId ?? 'ses_1',
    runId: over.runId === undefined ? 'run_1' : over.runId,
    data: { index: i },
  });
const many = (n: number) => Array.from({ length: n }, (_, i) => make(i));
const indices = (events: readonly SessionEvent[]) => events.map((e) => e.data.index);

describe('EventStream.create', () => {
  it('starts open and empty with the default bound', () => {
    const stream = EventStream.create();
    expect(stream.maxBufferSize).toBe(DEFAULT_MAX_BUFFER_SIZE);
    expect(DEFAULT_MAX_BUFFER_SIZE).toBe(1000);
    expect(stream.closed).toBe(false);
    expect(stream.done).toBe(false);
    expect(stream.remaining()).toBe(0);
    expect(stream.peek()).toEqual([]);
    expect(stream.take(5)).toEqual([]);
  });

  it.each([
    [null, 'options'],
    [{ maxBufferSize: 0 }, 'options.maxBufferSize'],
    [{ maxBufferSize: 2.5 }, 'options.maxBufferSize'],
    [{ maxBufferSize: '10' }, 'options.maxBufferSize'],
    [{ context: 'ses_1' }, 'options.context'],
    [{ context: { sessionId: 5 } }, 'options.context.sessionId'],
    [{ context: { runId: '' } }, 'options.context.runId'],
  ])('rejects %j naming %s', (options, field) => {
    const error = caught(() => EventStream.create(options as never));
    expect(error.code).toBe('validation_error');
    expect(error.details.field).toBe(field);
  });
});

describe('EventStream cursor', () => {
  it('peek does not move, take and advance do', () => {
    const stream = EventStream.create();
    stream.pushBatch(many(10));
    expect(indices(stream.peek(2))).toEqual([0, 1]);
    expect(indices(stream.peek(2))).toEqual([0, 1]);
    expect(indices(stream.take(3))).toEqual([0, 1, 2]);
    expect(stream.advance(2)).toBe(2);
    expect(stream.stats().position).toBe(5);
    expect(stream.remaining()).toBe(5);
    expect(indices(stream.take(3))).toEqual([5, 6, 7]);
    expect(indices(stream.peek())).toEqual([8, 9]);
    expect(stream.advance(100)).toBe(2);
    expect(stream.take(3)).toEqual([]);
    expect(stream.advance(0)).toBe(0);
    expect(stream.events()).toHaveLength(10);
  });

  it.each([-1, 1.5, Number.NaN, '2', null])('rejects count %s', (n) => {
    const stream = EventStream.create();
    stream.pushBatch(many(3));
    for (const op of [() => stream.take(n as never), () => stream.advance(n as never)]) {
      const error = caught(op);
      expect(error.code).toBe('validation_error');
      expect(error.details.field).toBe('n');
    }
    expect(caught(() => stream.peek(n as never)).details.field).toBe('n');
    expect(stream.remaining()).toBe(3);
  });
});

describe('EventStream bound', () => {
  it('evicts the oldest events and keeps the cursor on a retained event', () => {
    const stream = EventStream.create({ maxBufferSize: 3 });
    stream.pushBatch(many(2));
    stream.take(1);
    stream.pushBatch([make(2), make(3), make(4)]);
    expect(indices(stream.events())).toEqual([2, 3, 4]);
    expect(stream.stats().size).toBe(3);
    expect(stream.stats().evictedCount).toBe(2);
    expect(stream.stats().droppedCount).toBe(1); // event 1 was never read
    expect(stream.stats().totalPushed).toBe(5);
    expect(stream.stats().position).toBe(2);
    expect(indices(stream.take(10))).toEqual([2, 3, 4]);
  });

  it('holds its invariants under any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), n: fc.nat(6) }),
      fc.record({ kind: fc.constant('take' as const), n: fc.nat(6) }),
      fc.record({ kind: fc.constant('advance' as const), n: fc.nat(6) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 40 }), (max, ops) => {
        const stream = EventStream.create({ maxBufferSize: max });
        let pushed = 0;
        let read: number[] = [];
        for (const { kind, n } of ops) {
          if (kind === 'push') {
            stream.pushBatch(Array.from({ length: n }, (_, i) => make(pushed + i)));
            pushed += n;
          } else if (kind === 'take') {
            read = [...read, ...(indices(stream.take(n)) as number[])];
          } else {
            stream.advance(n);
          }
          expect(stream.stats().size).toBe(Math.min(pushed, max));
          expect(stream.stats().evictedCount).toBe(pushed - stream.stats().size);
          expect(stream.stats().position).toBeGreaterThanOrEqual(stream.stats().evictedCount);
          expect(stream.remaining()).toBe(pushed - stream.stats().position);
          expect(indices(stream.events())).toEqual(
            Array.from({ length: stream.stats().size }, (_, i) => stream.stats().evictedCount + i),
          );
        }
        expect(read).toEqual([...read].sort((a, b) => a - b));
        expect(new Set(read).size).toBe(read.length);
      }),
    );
  });
});

describe('EventStream push', () => {
  it('pushBatch is all or nothing', () => {
    const stream = EventStream.create({ context: { sessionId: 'ses_1', runId: 'run_1' } });
    stream.push(make(0));
    const batch = [make(1), make(2, { sessionId: 'ses_other' }), make(3)];
    const error = caught(() => stream.pushBatch(batch));
    expect(error.code).toBe('validation_error');
    expect(error.details.field).toBe('events[1].sessionId');
    expect(indices(stream.events())).toEqual([0]);
    expect(caught(() => stream.push(make(4, { runId: null }))).details.field).toBe('event.runId');
    expect(stream.stats().totalPushed).toBe(1);
  });

  it('accepts any run when the context names only the session', () => {
    const stream = EventStream.create({ context: { sessionId: 'ses_1' } });
    stream.pushBatch([make(0, { runId: null }), make(1, { runId: 'run_9' })]);
    expect(stream.remaining()).toBe(2);
  });

  it.each([
    [null, 'event', 'validation_error'],
    ['evt', 'event', 'validation_error'],
    [{ ...make(0), id: 5 }, 'event.id', 'validation_error'],
    [{ ...make(0), type: 'nope' }, 'event.type', 'invalid_event_type'],
    [{ ...make(0), seq: -1 }, 'event.seq', 'validation_error'],
    [{ ...make(0), sessionId: undefined }, 'event.sessionId', 'validation_error'],
  ])('rejects event %j naming %s', (event, field, code) => {
    const stream = EventStream.create();
    const error = caught(() => stream.push(event as never));
    expect([error.code, error.details.field]).toEqual([code, field]);
    expect(caught(() => stream.pushBatch('x' as never)).details.field).toBe('events');
    expect(stream.stats().totalPushed).toBe(0);
  });

  it('refuses pushes after close, but still serves reads', () => {
    const stream = EventStream.create();
    stream.pushBatch(many(2));
    stream.close();
    stream.close();
    expect(stream.closed).toBe(true);
    for (const op of [() => stream.push(make(5)), () => stream.pushBatch([])]) {
      const error = caught(op);
      expect(error.code).toBe('invalid_operation');
      expect(error.details.reason).toBe('stream_closed');
    }
    expect(stream.done).toBe(false);
    expect(indices(stream.take(5))).toEqual([0, 1]);
    expect(stream.done).toBe(true);
  });
});
