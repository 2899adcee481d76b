import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { abortError, reasonText, toAgentSessionError } from './error-mapping.js';

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
});
