import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import { expectCanonicalEvents, expectProviderError, expectValidResult } from './event-checks.js';

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as AdapterEvent;

describe('adapter conformance checks', () => {
  it('accept canonical events and reject lifecycle, unknown or incomplete ones', () => {
    expect(() =>
      expectCanonicalEvents([
        event('tool_call_started', { toolCallId: 'c1', toolName: 't', toolInput: {} }),
        event('tool_call_completed', { toolCallId: 'c1', toolName: 't', toolOutput: null }),
        event('message_streamed', { delta: 'a' }),
        event('message_received', { role: 'assistant', content: 'a' }),
      ]),
    ).not.toThrow();
    expect(() => expectCanonicalEvents([event('run_started', {})])).toThrow(/lifecycle/);
    expect(() => expectCanonicalEvents([event('made_up', {})])).toThrow(/unknown event type/);
    expect(() => expectCanonicalEvents([event('message_streamed', { text: 'a' })])).toThrow(
      /delta/,
    );
    expect(() =>
      expectCanonicalEvents([
        event('tool_call_failed', { toolCallId: 'x', toolName: 't', error: 'e' }),
      ]),
    ).toThrow(/never started/);
  });

  it('reject malformed results and non-taxonomy errors', () => {
    const output = { content: 'a', stopReason: 'end_turn', toolCalls: [] };
    expect(() => expectValidResult({ output, tokenUsage: { inputTokens: 1 } })).not.toThrow();
    expect(() => expectValidResult({ output, tokenUsage: { inputTokens: -1 } })).toThrow(
      /inputTokens/,
    );
    expect(() => expectValidResult({ output, tokenUsage: {}, costUsd: -2 })).toThrow(/costUsd/);
    expect(() => expectProviderError(new TypeError('x'))).toThrow(/non-AgentSessionError/);
    expect(() => expectProviderError(new AgentSessionError('session_not_found', 'x'))).toThrow(
      /session_not_found/,
    );
    expect(expectProviderError(new AgentSessionError('provider_error', 'x')).code).toBe(
      'provider_error',
    );
  });
});
