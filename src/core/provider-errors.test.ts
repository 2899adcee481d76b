import { describe, expect, it } from 'vitest';
import { AgentSessionError } from './agent-session-error.js';
import { providerErrorFromStatus, statusFromMessage } from './provider-errors.js';

describe('providerErrorFromStatus', () => {
  it.each([
    [401, 'Unauthorized', 'provider_authentication_failed', false],
    [403, 'Forbidden', 'provider_authentication_failed', false],
    [429, 'Too Many Requests', 'provider_rate_limited', true],
    [429, 'You exceeded your current quota (insufficient_quota)', 'provider_quota_exceeded', false],
    [400, 'Your credit balance is too low; check billing', 'provider_quota_exceeded', false],
    [402, 'Payment Required', 'provider_quota_exceeded', false],
    [500, 'Internal Server Error', 'provider_unavailable', true],
    [503, 'Service Unavailable', 'provider_unavailable', true],
    [529, 'Overloaded', 'provider_unavailable', true],
    [408, 'Request Timeout', 'provider_timeout', true],
    [504, 'Gateway Timeout', 'provider_timeout', true],
    [400, 'invalid request: messages must not be empty', 'provider_error', false],
    [404, 'model not found', 'provider_error', false],
  ] as const)('maps status %i (%s) to %s', (status, message, code, retryable) => {
    const error = providerErrorFromStatus(status, message);
    expect(AgentSessionError.isInstance(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.category).toBe('provider');
    expect(error.retryable).toBe(retryable);
    expect(error.details).toMatchObject({ status, message });
    expect(error.message).toContain(message);
    expect(error.message).toContain(`status ${status}`);
  });

  it.each([
    ['unexpected status 401 Unauthorized: invalid key', 'provider_authentication_failed', 401],
    ['exceeded retry limit, last status: 429 Too Many Requests', 'provider_rate_limited', 429],
    ['API Error: 529 {"type":"overloaded_error"}', 'provider_unavailable', 529],
    ['API Error: 500 server exploded', 'provider_unavailable', 500],
  ] as const)(
    'reads the status from the message when none is given: %s',
    (message, code, status) => {
      const error = providerErrorFromStatus(null, message);
      expect(error.code).toBe(code);
      expect(error.details.status).toBe(status);
    },
  );

  it.each([
    ['authentication_failed: invalid x-api-key', 'provider_authentication_failed'],
    ['rate_limit reached, slow down', 'provider_rate_limited'],
    ['the model is overloaded', 'provider_unavailable'],
    ['request timed out after 60s', 'provider_timeout'],
    ['connect ETIMEDOUT 10.0.0.1:443', 'provider_timeout'],
    ['monthly quota used up', 'provider_quota_exceeded'],
    ['something odd happened', 'provider_error'],
    ['', 'provider_error'],
  ] as const)('maps a message without status by its wording: %s', (message, code) => {
    const error = providerErrorFromStatus(null, message);
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ status: null, message });
  });

  it('keeps extra details and the cause', () => {
    const cause = new Error('socket hang up');
    const error = providerErrorFromStatus(503, 'down', { provider: 'claude' }, cause);
    expect(error.details).toEqual({ provider: 'claude', status: 503, message: 'down' });
    expect(error.cause).toBe(cause);
    expect(error.toJSON().cause).toEqual({ name: 'Error', message: 'socket hang up' });
  });

  it('lets the original status and message win over extra details of the same name', () => {
    const error = providerErrorFromStatus(401, 'no', { status: 200, message: 'fine' });
    expect(error.details).toMatchObject({ status: 401, message: 'no' });
  });
});

describe('statusFromMessage', () => {
  it('finds statuses written the usual ways and nothing else', () => {
    expect(statusFromMessage('HTTP 502 Bad Gateway')).toBe(502);
    expect(statusFromMessage('status code: 403')).toBe(403);
    expect(statusFromMessage('HTTP/1.1 429')).toBe(429);
    expect(statusFromMessage('waited 500 ms')).toBeNull();
    expect(statusFromMessage('no numbers')).toBeNull();
  });
});
