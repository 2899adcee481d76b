import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { describeThrown, MAX_DESCRIPTION_LENGTH } from '../../core/thrown-value.js';
import { abortError, reasonText, toAgentSessionError } from './error-mapping.js';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const allTrapsThrow = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('trap');
    },
  },
) as ProxyHandler<object>;

describe('error mapping', () => {
  it('keeps AgentSessionError and wraps anything else as provider_error with the cause', () => {
    const known = new AgentSessionError('provider_timeout', 'slow');
    expect(toAgentSessionError(known)).toBe(known);
    const raw = new TypeError('x is not a function');
    const wrapped = toAgentSessionError(raw);
    expect(wrapped.code).toBe('provider_error');
    expect(wrapped.cause).toBe(raw);
    expect(wrapped.message).toContain('TypeError: x is not a function');
    expect(toAgentSessionError('a string').message).toContain('a string');
  });

  it('maps aborts to cancelled and timeout', () => {
    expect(abortError({ kind: 'cancel', reason: 'user' })).toMatchObject({
      code: 'cancelled',
      retryable: false,
    });
    expect(abortError({ kind: 'timeout', timeoutMs: 5 })).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
  });

  it('describes abort reasons', () => {
    expect(reasonText('stop')).toBe('stop');
    expect(reasonText(new Error('why'))).toBe('why');
    expect(reasonText(new DOMException('x', 'AbortError'))).toBe('aborted');
    expect(reasonText(undefined)).toBe('cancelled');
  });

  it('never throws for values String() cannot convert, and drops unreadable causes', () => {
    const brokenMessage = new Error('x');
    Object.defineProperty(brokenMessage, 'message', {
      get() {
        throw new Error('getter');
      },
    });
    const values: unknown[] = [
      Object.create(null),
      {
        toString() {
          throw new Error('no');
        },
      },
      brokenMessage,
      new Proxy({}, allTrapsThrow),
      revoked(),
      Symbol('s'),
      10n,
      { [Symbol.for('agent-session-manager.error')]: true, code: 42, message: {} },
    ];
    for (const value of values) {
      const error = toAgentSessionError(value);
      expect(error.code).toBe('provider_error');
      expect(error.message).toMatch(/^adapter failed: /);
      expect(() => JSON.stringify(error)).not.toThrow();
      expect(() => String(error.cause)).not.toThrow();
    }
    expect(toAgentSessionError(revoked()).message).toBe(
      'adapter failed: object: an unprintable object',
    );
    expect(toAgentSessionError(brokenMessage).message).toBe(
      'adapter failed: Error: an error whose message cannot be read',
    );
    expect(toAgentSessionError(Symbol('s')).message).toBe('adapter failed: symbol: Symbol(s)');
    expect(toAgentSessionError(10n).message).toBe('adapter failed: bigint: 10');
    // A readable value is kept as the cause; an unreadable one is described by a plain Error.
    const plain = { status: 500 };
    expect(toAgentSessionError(plain).cause).toBe(plain);
    const proxy = revoked();
    expect(toAgentSessionError(proxy).cause === proxy).toBe(false);
    expect(toAgentSessionError(proxy).cause).toBeInstanceOf(Error);
    // An AgentSessionError is kept, unless its cause cannot be read.
    const hostileCause = new AgentSessionError('provider_rate_limited', 'slow', {
      cause: revoked(),
    });
    const kept = toAgentSessionError(hostileCause);
    expect(kept.code).toBe('provider_rate_limited');
    expect(kept.message).toBe('slow');
    expect(() => JSON.stringify(kept)).not.toThrow();
    expect((kept.cause as Error).message).toBe('object: an unprintable object');
  });

  it('clips long descriptions', () => {
    const { message } = describeThrown('x'.repeat(MAX_DESCRIPTION_LENGTH * 2));
    expect(message).toHaveLength(MAX_DESCRIPTION_LENGTH + 1);
  });

  it('describes any abort reason without throwing', () => {
    expect(reasonText(revoked())).toBe('cancelled');
    expect(reasonText(new Proxy(new Error('e'), allTrapsThrow))).toBe('cancelled');
    expect(reasonText(Symbol('s'))).toBe('cancelled');
  });
});
