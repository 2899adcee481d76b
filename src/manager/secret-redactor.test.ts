import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { REDACTED, SecretRedactor } from './secret-redactor.js';

describe('SecretRedactor', () => {
  const r = new SecretRedactor(['tok-123', 'tok-123-long']);

  it('replaces every occurrence, longest secret first', () => {
    expect(r.string('a tok-123 b tok-123-long c tok-123')).toBe(
      `a ${REDACTED} b ${REDACTED} c ${REDACTED}`,
    );
  });

  it('redacts nested JSON data and keys, and keeps unchanged data identical', () => {
    const clean = { a: 1, b: ['x', { c: 'y' }] };
    expect(r.data(clean)).toBe(clean);
    expect(r.data({ list: ['tok-123'], deep: { 'tok-123': 'ok' }, n: 2 })).toEqual({
      list: [REDACTED],
      deep: { [REDACTED]: 'ok' },
      n: 2,
    });
  });

  it('redacts an error’s message, details, cause and stack', () => {
    const error = new AgentSessionError('provider_error', 'key tok-123 refused', {
      details: { key: 'tok-123' },
      cause: new Error('401 tok-123'),
    });
    const safe = r.error(error);
    expect(safe.code).toBe('provider_error');
    expect(JSON.stringify({ ...safe.toJSON(), stack: safe.stack })).not.toContain('tok-123');
    const clean = new AgentSessionError('timeout', 'slow');
    expect(r.error(clean)).toBe(clean);
  });

  it('does nothing without secrets', () => {
    const none = new SecretRedactor();
    const value = { a: 'tok-123' };
    expect(none.active).toBe(false);
    expect(none.data(value)).toBe(value);
  });
});
