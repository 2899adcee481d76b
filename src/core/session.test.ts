import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import { Session } from './session.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (!AgentSessionError.isInstance(error)) throw error;
    return error.code;
  }
  return undefined;
}

describe('Session.create', () => {
  it('builds a pending, frozen session with defaults', () => {
    const session = Session.create({ agentId: 'reviewer', context: { systemPrompt: 'Be brief.' } });
    expect(session.id).toMatch(/^ses_[0-9a-f]{32}$/);
    expect(session).toMatchObject({
      agentId: 'reviewer',
      status: 'pending',
      parentSessionId: null,
      context: { systemPrompt: 'Be brief.' },
      metadata: {},
      tags: [],
      providerSessionId: null,
      version: 0,
    });
    expect(session.updatedAt).toBe(session.createdAt);
    expect(Object.isFrozen(session)).toBe(true);
    expect(Object.isFrozen(session.context)).toBe(true);
  });

  it('copies its input, so later changes to the input do not leak in', () => {
    const metadata = { team: 'core', nested: { a: 1 } };
    const session = Session.create({ agentId: 'a', metadata });
    metadata.nested.a = 2;
    expect(session.metadata).toEqual({ team: 'core', nested: { a: 1 } });
  });

  it.each([
    ['a non-object', null, 'session'],
    ['a missing agentId', {}, 'session.agentId'],
    ['an empty agentId', { agentId: '' }, 'session.agentId'],
    ['a numeric agentId', { agentId: 5 }, 'session.agentId'],
    ['a huge agentId', { agentId: 'x'.repeat(10_000) }, 'session.agentId'],
    ['non-array tags', { agentId: 'a', tags: 'x' }, 'session.tags'],
    ['a non-string tag', { agentId: 'a', tags: ['ok', 3] }, 'session.tags[1]'],
    ['array metadata', { agentId: 'a', metadata: [] }, 'session.metadata'],
    ['a function in context', { agentId: 'a', context: { f: () => 1 } }, 'session.context.f'],
    ['a BigInt in metadata', { agentId: 'a', metadata: { n: 1n } }, 'session.metadata.n'],
    ['a bad timestamp', { agentId: 'a', createdAt: 'soon' }, 'session.createdAt'],
    ['a negative version', { agentId: 'a', version: -1 }, 'session.version'],
  ])('rejects %s with a message naming the field', (_label, attrs, field) => {
    try {
      Session.create(attrs as never);
      expect.unreachable();
    } catch (error) {
      expect(AgentSessionError.isInstance(error)).toBe(true);
      expect((error as AgentSessionError).code).toBe('validation_error');
      expect((error as Error).message).toContain(field);
    }
  });

  it('rejects an unknown status with invalid_status', () => {
    expect(codeOf(() => Session.create({ agentId: 'a', status: 'sleeping' as never }))).toBe(
      'invalid_status',
    );
  });

  it('rejects cycles and prototype keys without polluting Object.prototype', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(codeOf(() => Session.create({ agentId: 'a', metadata: cyclic }))).toBe(
      'validation_error',
    );
    const polluted = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(codeOf(() => Session.create({ agentId: 'a', context: polluted }))).toBe(
      'validation_error',
    );
    expect(codeOf(() => Session.create({ agentId: 'a', metadata: { constructor: 1 } }))).toBe(
      'validation_error',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Session functions', () => {
  it('update replaces fields, validates them and bumps updatedAt', () => {
    const session = Session.create({ agentId: 'a', createdAt: '2020-01-01T00:00:00.000Z' });
    const next = Session.update(session, { providerSessionId: 'claude-1', tags: ['x'] });
    expect(next.providerSessionId).toBe('claude-1');
    expect(next.tags).toEqual(['x']);
    expect(next.updatedAt > session.updatedAt).toBe(true);
    expect(session.providerSessionId).toBeNull();
    expect(codeOf(() => Session.update(session, { tags: [1] as never }))).toBe('validation_error');
  });

  it('canTransition and isTerminal follow the table', () => {
    const active = Session.transition(Session.create({ agentId: 'a' }), 'active');
    expect(Session.canTransition(active, 'paused')).toBe(true);
    expect(Session.canTransition(active, 'pending')).toBe(false);
    expect(Session.isTerminal(Session.transition(active, 'completed'))).toBe(true);
  });
});

const sessionArb = fc.record({
  agentId: fc.string({ minLength: 1, maxLength: 40 }),
  status: fc.constantFrom('pending', 'active', 'paused', 'completed', 'failed', 'cancelled'),
  tags: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 4 }),
  metadata: fc.dictionary(
    fc
      .string({ minLength: 1 })
      .filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)),
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
  ),
  providerSessionId: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }),
  version: fc.nat(),
});

describe('Session JSON', () => {
  it('fromJSON(toJSON(x)) equals x for generated sessions', () => {
    fc.assert(
      fc.property(sessionArb, (attrs) => {
        const session = Session.create(attrs as never);
        const back = Session.fromJSON(JSON.parse(JSON.stringify(Session.toJSON(session))));
        expect(back).toEqual(session);
      }),
    );
  });

  it('fromJSON requires the stored fields', () => {
    expect(() => Session.fromJSON({ agentId: 'a' })).toThrow(/session.id is required/);
  });

  it('fromJSON on arbitrary input throws only AgentSessionError', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true }), (value) => {
        try {
          Session.fromJSON(value);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});

describe('Session.validate and Session.stored', () => {
  it('returns sessions the module built as they are', () => {
    const session = Session.create({ agentId: 'a', tags: ['t'] });
    const values = [
      session,
      Session.transition(session, 'active'),
      Session.update(session, { metadata: { k: 1 } }),
      Session.fromJSON(Session.toJSON(session)),
      Session.stored(session, 1),
    ];
    for (const value of values) {
      expect(Session.isBuilt(value)).toBe(true);
      expect(Session.validate(value)).toBe(value);
    }
  });

  it('checks a copy in full, even a spread of a built session', () => {
    const session = Session.create({ agentId: 'a' });
    expect(Session.validate({ ...session })).not.toBe(session);
    expect(Session.validate({ ...session })).toEqual(session);
    expect(Session.isBuilt(Session.transition({ ...session }, 'active'))).toBe(false);
    expect(caught(() => Session.validate({ ...session, tags: [''] }))).toMatchObject({
      details: { field: 'session.tags[0]' },
    });
    expect(caught(() => Session.stored({ ...session, agentId: 3 }, 1))).toMatchObject({
      details: { field: 'session.agentId' },
    });
  });

  it('stored sets the version and the time of the save', () => {
    const session = Session.create({ agentId: 'a', createdAt: '2020-01-01T00:00:00.000Z' });
    const saved = Session.stored(session, 1);
    expect(saved).toMatchObject({ id: session.id, version: 1, createdAt: session.createdAt });
    expect(saved.updatedAt > session.updatedAt).toBe(true);
    expect(caught(() => Session.stored(session, 0))).toMatchObject({
      details: { field: 'session.version' },
    });
  });
});
