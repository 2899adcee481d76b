import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import type { RunTelemetryStart, Telemetry } from '../observability/telemetry.js';
import { REDACTED, redactedTelemetry, SecretRedactor } from './secret-redactor.js';

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

  it('redacts own properties of a cause, recursively, and keeps a clean cause as it is', () => {
    const axios = Object.assign(new Error('Request failed with status code 401'), {
      code: 'ERR_BAD_REQUEST',
      config: { headers: { 'x-api-key': 'tok-123' } },
    });
    const error = new AgentSessionError('provider_error', 'failed', {
      cause: new Error('outer', { cause: axios }),
    });
    const safe = r.error(error);
    const cause = safe.cause as Error & { cause: typeof axios };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toBe('outer');
    expect(cause.cause.config.headers).toEqual({ 'x-api-key': REDACTED });
    expect(cause.cause.code).toBe('ERR_BAD_REQUEST');
    expect(JSON.stringify(safe)).not.toContain('tok-123');
    const cleanCause = new Error('fine', { cause: { config: { headers: { a: 'b' } } } });
    const clean = new AgentSessionError('provider_error', 'failed', { cause: cleanCause });
    expect(r.error(clean)).toBe(clean);
  });

  it('copes with cyclic, unreadable and hostile causes', () => {
    const cyclic: Record<string, unknown> = { key: 'tok-123' };
    cyclic.self = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const getter = {
      get boom() {
        throw new Error('getter');
      },
      token: 'tok-123',
    };
    for (const cause of [cyclic, proxy, getter, [cyclic, proxy]]) {
      const error = new AgentSessionError('provider_error', 'tok-123', { cause });
      const safe = r.error(error);
      expect(JSON.stringify({ ...safe.toJSON(), stack: safe.stack })).not.toContain('tok-123');
    }
    const copy = r.error(new AgentSessionError('provider_error', 'x', { cause: cyclic }));
    expect(copy.cause).toEqual({ key: REDACTED, self: '[circular]' });
  });

  it('redacts a cause that is an AgentSessionError, keeping its code', () => {
    const inner = new AgentSessionError('provider_rate_limited', 'slow', {
      details: { key: 'tok-123' },
    });
    const safe = r.error(new AgentSessionError('provider_error', 'outer', { cause: inner }));
    expect(AgentSessionError.isInstance(safe.cause)).toBe(true);
    expect((safe.cause as AgentSessionError).code).toBe('provider_rate_limited');
    expect((safe.cause as AgentSessionError).details).toEqual({ key: REDACTED });
  });

  it('hands telemetry only redacted runs, sessions, models and errors', () => {
    const seen: unknown[] = [];
    const inner: Telemetry = {
      startRun(start: RunTelemetryStart) {
        seen.push(start);
        return { end: (run, error) => seen.push({ run, error }) };
      },
      eventsStored: (events) => seen.push(events),
    };
    const session = Session.create({ agentId: 'a', context: { key: 'tok-123' } });
    const run = Run.start(
      Run.create({ sessionId: session.id, input: 'x', metadata: { k: 'tok-123' } }),
    );
    const telemetry = redactedTelemetry(inner, r);
    const trace = telemetry.startRun({ run, session, provider: 'p', model: 'm-tok-123' });
    trace.end(
      Run.fail(run, { code: 'provider_error', message: 'tok-123' }),
      new AgentSessionError('provider_error', 'tok-123'),
    );
    expect(JSON.stringify(seen)).not.toContain('tok-123');
    expect(JSON.stringify(seen)).toContain(`m-${REDACTED}`);
    expect(redactedTelemetry(inner, new SecretRedactor())).toBe(inner);
  });
});
