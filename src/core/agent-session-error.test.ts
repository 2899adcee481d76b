import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSessionError } from './agent-session-error.js';
import { ERROR_CATEGORIES, ERROR_CODES, ERROR_CODES_BY_CATEGORY } from './error-codes.js';

const ORIGINAL_37 = ERROR_CODES.filter((c) => c !== 'version_conflict' && c !== 'invalid_cursor');

describe('error taxonomy', () => {
  it('has the 37 original codes plus the recorded additions, in 8 categories', () => {
    expect(ORIGINAL_37).toHaveLength(37);
    expect(ERROR_CODES).toHaveLength(39);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CATEGORIES).toEqual([
      'validation',
      'state',
      'resource',
      'provider',
      'storage',
      'runtime',
      'concurrency',
      'tool',
    ]);
  });

  it('marks exactly the five retryable codes', () => {
    const retryable = ERROR_CODES.filter((c) => new AgentSessionError(c, 'x').retryable);
    expect(retryable.sort()).toEqual(
      [
        'provider_rate_limited',
        'provider_timeout',
        'provider_unavailable',
        'storage_connection_failed',
        'timeout',
      ].sort(),
    );
  });

  it('gives every code its category', () => {
    for (const category of ERROR_CATEGORIES) {
      for (const code of ERROR_CODES_BY_CATEGORY[category]) {
        expect(new AgentSessionError(code, 'm').category).toBe(category);
      }
    }
  });
});

describe('AgentSessionError', () => {
  it('is an Error with structured fields and keeps its cause', () => {
    const cause = new Error('socket closed');
    const error = new AgentSessionError('storage_write_failed', 'could not write', {
      details: { sessionId: 'ses_1' },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AgentSessionError');
    expect(error.code).toBe('storage_write_failed');
    expect(error.category).toBe('storage');
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ sessionId: 'ses_1' });
    expect(error.cause).toBe(cause);
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it('is recognised across copies of the package by its marker, and rejects other errors', () => {
    const foreign = Object.defineProperty(
      new Error('x'),
      Symbol.for('agent-session-manager.error'),
      {
        value: true,
      },
    );
    expect(AgentSessionError.isInstance(foreign)).toBe(true);
    expect(AgentSessionError.isInstance(new AgentSessionError('timeout', 't'))).toBe(true);
    expect(AgentSessionError.isInstance(new Error('x'))).toBe(false);
    expect(AgentSessionError.isInstance({ code: 'timeout' })).toBe(false);
    expect(AgentSessionError.isInstance(null)).toBe(false);
    expect(AgentSessionError.isInstance('timeout')).toBe(false);
  });

  it('turns an unknown code into unknown_error and remembers it', () => {
    const error = new AgentSessionError('bogus' as never, 'm');
    expect(error.code).toBe('unknown_error');
    expect(error.details.unknownCode).toBe('bogus');
  });

  it('round-trips through toJSON/fromJSON, cause included', () => {
    const cause = Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' });
    const error = new AgentSessionError('provider_unavailable', 'down', {
      details: { status: 503 },
      cause,
    });
    const json = JSON.parse(JSON.stringify(error));
    const back = AgentSessionError.fromJSON(json);
    expect(back.toJSON()).toEqual(error.toJSON());
    expect((back.cause as Error).message).toBe('ECONNRESET');
  });

  it('round-trips any generated error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ERROR_CODES),
        fc.string(),
        fc.dictionary(
          fc.string().filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)),
          fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        ),
        (code, message, details) => {
          const error = new AgentSessionError(code, message, { details });
          const back = AgentSessionError.fromJSON(JSON.parse(JSON.stringify(error)));
          expect(back.toJSON()).toEqual(error.toJSON());
        },
      ),
    );
  });

  it('fromJSON throws only validation_error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          AgentSessionError.fromJSON(value);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
          expect((error as AgentSessionError).code).toBe('validation_error');
        }
      }),
    );
  });

  it('fromJSON rejects prototype-polluting details keys', () => {
    const json = JSON.parse('{"code":"timeout","message":"m","details":{"__proto__":{"x":1}}}');
    expect(() => AgentSessionError.fromJSON(json)).toThrow(/details.__proto__/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
