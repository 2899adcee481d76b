import { expect } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { canonicalKeys } from '../../core/event-data.js';
import { eventGroup, isEventType } from '../../core/event-types.js';
import { TokenUsage } from '../../core/token-usage.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { AdapterResult } from '../../ports/adapter-execution.js';

const isCount = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Every event has a known, non-lifecycle type and the canonical data keys of its type. */
export function expectCanonicalEvents(events: readonly AdapterEvent[]): void {
  const started = new Set<string>();
  events.forEach((event, i) => {
    const where = `event #${i} (${String(event.type)})`;
    expect(isEventType(event.type), `${where}: unknown event type`).toBe(true);
    const group = eventGroup(event.type);
    expect(
      group === 'run' || group === 'session',
      `${where}: lifecycle events belong to the manager`,
    ).toBe(false);
    expect(
      typeof event.data === 'object' && event.data !== null,
      `${where}: data must be an object`,
    ).toBe(true);
    for (const key of canonicalKeys(event.type)) {
      expect(Object.hasOwn(event.data, key), `${where}: data lacks canonical key "${key}"`).toBe(
        true,
      );
    }
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'message_streamed':
        expect(typeof data.delta, `${where}: delta`).toBe('string');
        break;
      case 'message_received':
        expect(data.role, `${where}: role`).toBe('assistant');
        expect(typeof data.content, `${where}: content`).toBe('string');
        break;
      case 'token_usage_updated':
        for (const key of TokenUsage.keys)
          expect(isCount(data[key]), `${where}: ${key}`).toBe(true);
        break;
      case 'tool_call_started':
        expect(typeof data.toolCallId, `${where}: toolCallId`).toBe('string');
        expect(typeof data.toolName, `${where}: toolName`).toBe('string');
        started.add(data.toolCallId as string);
        break;
      case 'tool_call_completed':
      case 'tool_call_failed':
        expect(
          started.has(data.toolCallId as string),
          `${where}: ends a call that never started`,
        ).toBe(true);
        if (event.type === 'tool_call_failed')
          expect(typeof data.error, `${where}: error`).toBe('string');
        break;
      default:
    }
    expect(() => JSON.stringify(event.data), `${where}: data must be JSON`).not.toThrow();
  });
}

/** The result has an output, this run's non-negative usage, and well-typed optional fields. */
export function expectValidResult(result: AdapterResult): void {
  expect(typeof result, 'result').toBe('object');
  expect(typeof result.output.content, 'output.content').toBe('string');
  expect(
    result.output.stopReason === null || typeof result.output.stopReason === 'string',
    'output.stopReason must be a string or null',
  ).toBe(true);
  expect(Array.isArray(result.output.toolCalls), 'output.toolCalls must be an array').toBe(true);
  for (const call of result.output.toolCalls) {
    expect(typeof call.toolCallId, 'toolCalls[].toolCallId').toBe('string');
    expect(typeof call.toolName, 'toolCalls[].toolName').toBe('string');
  }
  expect(typeof result.tokenUsage, 'tokenUsage').toBe('object');
  for (const [key, value] of Object.entries(result.tokenUsage)) {
    expect(
      (TokenUsage.keys as readonly string[]).includes(key),
      `tokenUsage.${key} is not a usage key`,
    ).toBe(true);
    expect(isCount(value), `tokenUsage.${key} must be a number >= 0`).toBe(true);
  }
  if (result.costUsd !== undefined && result.costUsd !== null) {
    expect(isCount(result.costUsd), 'costUsd must be a number >= 0').toBe(true);
  }
  const sessionId = result.providerSessionId;
  expect(
    sessionId == null || (typeof sessionId === 'string' && sessionId.length > 0),
    'providerSessionId',
  ).toBe(true);
  if (result.state !== undefined) {
    expect(JSON.parse(JSON.stringify(result.state)), 'state must be JSON').toEqual(result.state);
  }
}

/** A thrown error must be an `AgentSessionError` with a provider or runtime code. */
export function expectProviderError(error: unknown): AgentSessionError {
  expect(
    AgentSessionError.isInstance(error),
    `threw a non-AgentSessionError: ${String(error)}`,
  ).toBe(true);
  const e = error as AgentSessionError;
  expect(['provider', 'runtime'], `unexpected code ${e.code}: ${e.message}`).toContain(e.category);
  return e;
}
