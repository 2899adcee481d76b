import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import { canonicalKeys } from './event-data.js';
import { EventNormalizer } from './event-normalizer.js';
import { RAW_EVENT_TYPES } from './event-type-mapping.js';
import { EVENT_TYPES, type EventType } from './event-types.js';
import { SessionEvent } from './session-event.js';

const ctx = { sessionId: 'ses_1', runId: 'run_1', provider: 'claude' };
const norm = (raw: unknown) => EventNormalizer.normalize(raw, ctx);

describe('EventNormalizer.normalize: types', () => {
  it('keeps every canonical type name, with its canonical data keys', () => {
    for (const type of EVENT_TYPES) {
      const event = norm({ type });
      expect(event.type).toBe(type);
      for (const key of canonicalKeys(type)) expect(event.data).toHaveProperty(key);
    }
  });

  it('falls back to error_occurred keeping the original type', () => {
    const event = norm({ type: 'unknown_xyz' });
    expect(event.type).toBe('error_occurred');
    expect(event.data).toMatchObject({
      originalType: 'unknown_xyz',
      errorCode: 'invalid_event_type',
      fatal: false,
    });
    const empty = norm({});
    expect(empty.type).toBe('error_occurred');
    expect(empty.data).not.toHaveProperty('originalType');
  });
});

describe('EventNormalizer.normalize: data', () => {
  it('builds an event from the context and keeps the raw payload in data.raw', () => {
    const raw = { type: 'assistant_message', content: 'Hi', metadata: { k: 'v' }, model: 'm1' };
    const event = norm(raw);
    expect(event).toMatchObject({ sessionId: 'ses_1', runId: 'run_1', provider: 'claude', seq: 0 });
    expect(event.data).toEqual({ role: 'assistant', content: 'Hi', raw });
    expect(event.metadata).toEqual({ k: 'v', model: 'm1' });
    expect(SessionEvent.isEventId(event.id)).toBe(true);
  });

  it('does not share the raw object with the caller', () => {
    const raw = { type: 'message', content: 'a' };
    const event = norm(raw);
    raw.content = 'changed';
    expect(event.data.raw).toEqual({ type: 'message', content: 'a' });
    expect(Object.isFrozen(event.data.raw)).toBe(true);
  });

  it('extracts text from streaming deltas and content blocks', () => {
    expect(norm({ type: 'content_block_delta', delta: { text: 'hi' } }).data.delta).toBe('hi');
    expect(norm({ type: 'delta', delta: 'x' }).data.delta).toBe('x');
    const blocks = { type: 'assistant', message: { content: [{ type: 'text', text: 'a' }, 'b'] } };
    expect(norm(blocks).data.content).toBe('ab');
    expect(norm({ type: 'user', content: 'q' }).data).toMatchObject({ role: 'user', content: 'q' });
  });

  it('fills tool call data from snake_case, camelCase or nested fields', () => {
    expect(
      norm({ type: 'tool_use', id: 't1', name: 'bash', input: { cmd: 'ls' } }).data,
    ).toMatchObject({ toolCallId: 't1', toolName: 'bash', toolInput: { cmd: 'ls' } });
    expect(norm({ tool_use: { id: 't2', name: 'read' } }).data).toMatchObject({
      toolCallId: 't2',
      toolName: 'read',
      toolInput: {},
    });
    expect(norm({ type: 'tool_result', tool_use_id: 't1', content: 'ok' }).data).toMatchObject({
      toolCallId: 't1',
      toolName: '',
      toolOutput: 'ok',
    });
    const failed = norm({ type: 'tool_call', toolCallId: 't3', status: 'failed', error: 'denied' });
    expect(failed.data).toMatchObject({ toolCallId: 't3', error: 'denied' });
  });

  it('fills usage, run and error data', () => {
    const usage = norm({ type: 'usage', usage: { input_tokens: 3, output_tokens: 4 } }).data;
    expect(usage).toMatchObject({ inputTokens: 3, outputTokens: 4, totalTokens: 7 });
    expect(norm({ type: 'usage', inputTokens: -1, outputTokens: 'x' }).data.totalTokens).toBe(0);
    const end = norm({ type: 'run_end', stop_reason: 'end_turn', cost_usd: 0.5 }).data;
    expect(end).toMatchObject({
      stopReason: 'end_turn',
      costUsd: 0.5,
      tokenUsage: { totalTokens: 0 },
    });
    const failed = norm({
      type: 'run_end',
      status: 'failed',
      error: { code: 'E1', message: 'no' },
    });
    expect(failed.data).toMatchObject({ errorCode: 'E1', errorMessage: 'no' });
    expect(norm({ type: 'run_end', status: 'timeout', timeout_ms: 5 }).data.timeoutMs).toBe(5);
    expect(norm({ type: 'run_end', status: 'cancelled' }).data.reason).toBe('cancelled');
    const started = norm({ type: 'start', model: 'opus', session_id: 'p1' }).data;
    expect(started).toMatchObject({ provider: 'claude', model: 'opus', providerSessionId: 'p1' });
    const error = norm({ type: 'error', error: 'rate limited', fatal: true }).data;
    expect(error).toMatchObject({
      errorCode: 'provider_error',
      errorMessage: 'rate limited',
      fatal: true,
    });
  });
});

describe('EventNormalizer.normalize: bad input', () => {
  it.each([null, undefined, 'text', 1, [], new Date()])(
    'rejects raw %s naming the field',
    (raw) => {
      const error = caught(() => norm(raw));
      expect(error.code).toBe('validation_error');
      expect(error.message).toMatch(/^raw /);
    },
  );

  it('rejects raw values that are not JSON data', () => {
    expect(caught(() => norm({ type: 'message', f: () => 1 })).message).toMatch(/raw\.f/);
    const cyclic: Record<string, unknown> = { type: 'message' };
    cyclic.self = cyclic;
    expect(caught(() => norm(cyclic)).code).toBe('validation_error');
  });

  it.each([
    [undefined, 'context'],
    [{}, 'context.sessionId'],
    [{ sessionId: '' }, 'context.sessionId'],
    [{ sessionId: 's', runId: 5 }, 'context.runId'],
    [{ sessionId: 's', provider: {} }, 'context.provider'],
  ])('rejects context %j naming %s', (context, field) => {
    const error = caught(() => EventNormalizer.normalize({}, context as never));
    expect(error.code).toBe('validation_error');
    expect(error.details.field).toBe(field);
  });

  it('throws only AgentSessionError or returns an event, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (raw) => {
        try {
          expect(norm(raw).sessionId).toBe('ses_1');
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
    );
    const rawish = fc.dictionary(
      fc.constantFrom(
        'type',
        'event',
        'delta',
        'content',
        'error',
        'usage',
        'status',
        'name',
        'id',
      ),
      fc.oneof(fc.constantFrom(...RAW_EVENT_TYPES.keys()), fc.jsonValue()),
    );
    // JSON data is kept as it is, except keys no payload may carry (they could reach a prototype).
    const forbidden = (value: unknown): boolean =>
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).some(
        ([key, item]) => ['__proto__', 'constructor', 'prototype'].includes(key) || forbidden(item),
      );
    fc.assert(
      fc.property(rawish, (raw) => {
        if (forbidden(raw)) expect(caught(() => norm(raw)).message).toMatch(/forbidden key/);
        else expect(norm(raw).data.raw).toEqual(raw);
      }),
    );
  });
});

describe('EventNormalizer.normalizeBatch', () => {
  const raws = [
    { type: 'message', content: 'a' },
    { type: 'delta', delta: 'b' },
    { type: 'run_end' },
  ];

  it('numbers events from startSeq (default 1) in input order', () => {
    expect(EventNormalizer.normalizeBatch(raws, ctx).map((e) => e.seq)).toEqual([1, 2, 3]);
    const events = EventNormalizer.normalizeBatch(raws, ctx, { startSeq: 10 });
    expect(events.map((e) => e.seq)).toEqual([10, 11, 12]);
    expect(events.map((e) => e.type)).toEqual([
      'message_received',
      'message_streamed',
      'run_completed',
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('is all or nothing, naming the bad element', () => {
    const error = caught(() => EventNormalizer.normalizeBatch([...raws, 'bad'], ctx));
    expect(error.code).toBe('validation_error');
    expect(error.details.field).toBe('raws[3]');
  });

  it('rejects bad arguments', () => {
    expect(caught(() => EventNormalizer.normalizeBatch('x' as never, ctx)).details.field).toBe(
      'raws',
    );
    for (const startSeq of [0, -1, 1.5, '1']) {
      const error = caught(() => EventNormalizer.normalizeBatch(raws, ctx, { startSeq } as never));
      expect(error.details.field).toBe('options.startSeq');
    }
    expect(EventNormalizer.normalizeBatch([], ctx)).toEqual([]);
  });
});

function event(over: {
  id: string;
  seq?: number;
  timestamp?: string;
  type?: EventType;
  runId?: string;
  sessionId?: string;
}) {
  return SessionEvent.create({
    type: over.type ?? 'turn_completed',
    sessionId: over.sessionId ?? 'ses_1',
    runId: over.runId ?? 'run_1',
    id: over.id,
    seq: over.seq ?? 0,
    timestamp: over.timestamp ?? '2025-01-01T00:00:00.000Z',
  });
}

describe('EventNormalizer.sortEvents', () => {
  it('orders by seq, then timestamp, then id; unsequenced events last', () => {
    const events = [
      event({ id: 'e', seq: 0, timestamp: '2025-01-01T00:00:01.000Z' }),
      event({ id: 'c', seq: 2 }),
      event({ id: 'd', seq: 0 }),
      event({ id: 'b', seq: 1, timestamp: '2025-01-01T00:00:09.000Z' }),
      event({ id: 'a', seq: 1, timestamp: '2025-01-01T00:00:09.000Z' }),
      event({ id: 'f', seq: 0, timestamp: '2025-01-01T02:00:00.500+02:00' }),
    ];
    const sorted = EventNormalizer.sortEvents(events);
    expect(sorted.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'f', 'e']);
    expect(events[0]?.id).toBe('e');
  });

  it('gives the same output for any permutation of the input', () => {
    const item = fc.record({
      seq: fc.nat(5),
      ms: fc.integer({ min: 0, max: 4 }),
    });
    const input = fc.uniqueArray(
      fc.tuple(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 1, maxLength: 4 }),
        item,
      ),
      {
        selector: ([id]) => id,
        maxLength: 30,
      },
    );
    const withPermutation = input.chain((items) =>
      fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length })),
    );
    fc.assert(
      fc.property(withPermutation, ([items, shuffled]) => {
        const build = (list: typeof items) =>
          list.map(([id, { seq, ms }]) =>
            event({ id, seq, timestamp: new Date(ms * 1000).toISOString() }),
          );
        const expected = EventNormalizer.sortEvents(build(items)).map((e) => e.id);
        expect(EventNormalizer.sortEvents(build(shuffled)).map((e) => e.id)).toEqual(expected);
        expect(expected).toHaveLength(items.length);
      }),
    );
  });
});

describe('EventNormalizer filters', () => {
  const events = [
    event({ id: '1', runId: 'run_a', type: 'session_started' }),
    event({ id: '2', runId: 'run_b', sessionId: 'ses_2', type: 'turn_completed' }),
    event({ id: '3', runId: 'run_a', sessionId: 'ses_2', type: 'error_recovered' }),
  ];
  const ids = (list: readonly SessionEvent[]) => list.map((e) => e.id);

  it('filter by run, session and type', () => {
    expect(ids(EventNormalizer.filterByRun(events, 'run_a'))).toEqual(['1', '3']);
    expect(ids(EventNormalizer.filterByRun(events, null))).toEqual([]);
    expect(ids(EventNormalizer.filterBySession(events, 'ses_2'))).toEqual(['2', '3']);
    expect(ids(EventNormalizer.filterByType(events, 'turn_completed'))).toEqual(['2']);
    expect(
      ids(EventNormalizer.filterByType(events, ['session_started', 'error_recovered'])),
    ).toEqual(['1', '3']);
  });

  it('reject bad arguments', () => {
    expect(caught(() => EventNormalizer.filterByType(events, 'nope' as never)).code).toBe(
      'invalid_event_type',
    );
    expect(caught(() => EventNormalizer.filterByType(events, [5] as never)).details.field).toBe(
      'types[0]',
    );
    expect(caught(() => EventNormalizer.filterBySession(events, '')).details.field).toBe(
      'sessionId',
    );
    expect(caught(() => EventNormalizer.filterByRun({} as never, 'r')).details.field).toBe(
      'events',
    );
  });
});
