import { describe, expect, it } from 'vitest';
import { RAW_EVENT_TYPES, resolveRawType } from './event-type-mapping.js';
import { EVENT_TYPES, type EventType } from './event-types.js';

const typeOf = (raw: Record<string, unknown>) => resolveRawType(raw).type;

describe('resolveRawType: mapping table', () => {
  const table: [string, EventType][] = [
    ['user_message', 'message_sent'],
    ['human_message', 'message_sent'],
    ['user', 'message_sent'],
    ['assistant_message', 'message_received'],
    ['ai_message', 'message_received'],
    ['assistant', 'message_received'],
    ['message', 'message_received'],
    ['delta', 'message_streamed'],
    ['content_block_delta', 'message_streamed'],
    ['text_delta', 'message_streamed'],
    ['stream', 'message_streamed'],
    ['chunk', 'message_streamed'],
    ['tool_use', 'tool_call_started'],
    ['tool_call', 'tool_call_started'],
    ['function_call', 'tool_call_started'],
    ['tool_result', 'tool_call_completed'],
    ['function_result', 'tool_call_completed'],
    ['run_start', 'run_started'],
    ['run_started', 'run_started'],
    ['start', 'run_started'],
    ['run_end', 'run_completed'],
    ['run_completed', 'run_completed'],
    ['end', 'run_completed'],
    ['done', 'run_completed'],
    ['complete', 'run_completed'],
    ['error', 'error_occurred'],
    ['exception', 'error_occurred'],
    ['usage', 'token_usage_updated'],
    ['token_usage', 'token_usage_updated'],
  ];
  it.each(table)('maps "%s" to %s', (raw, expected) => {
    expect(typeOf({ type: raw })).toBe(expected);
  });

  it('has exactly the tested provider strings in its table', () => {
    const tested = new Map(table.filter(([raw]) => !EVENT_TYPES.includes(raw as EventType)));
    expect(new Map(RAW_EVENT_TYPES)).toEqual(tested);
  });

  it('reads the type from `event` when `type` is absent', () => {
    expect(typeOf({ event: 'tool_result' })).toBe('tool_call_completed');
  });

  it.each([
    ['failed', 'run_failed'],
    ['error', 'run_failed'],
    ['cancelled', 'run_cancelled'],
    ['canceled', 'run_cancelled'],
    ['timeout', 'run_timeout'],
    ['TIMEOUT', 'run_timeout'],
    ['success', 'run_completed'],
  ])('refines a run end with status %s to %s', (status, expected) => {
    expect(typeOf({ type: 'run_end', status })).toBe(expected);
    expect(typeOf({ type: 'run_completed', status })).toBe(expected);
  });

  it.each([
    ['completed', 'tool_call_completed'],
    ['done', 'tool_call_completed'],
    ['failed', 'tool_call_failed'],
    ['error', 'tool_call_failed'],
    ['running', 'tool_call_started'],
  ])('refines a tool call with status %s to %s', (status, expected) => {
    expect(typeOf({ type: 'tool_use', status })).toBe(expected);
  });
});

describe('resolveRawType: inference from keys', () => {
  it.each([
    [{ delta: 'x' }, 'message_streamed'],
    [{ tool_use: { name: 'bash' } }, 'tool_call_started'],
    [{ tool_name: 'bash' }, 'tool_call_started'],
    [{ toolName: 'bash' }, 'tool_call_started'],
    [{ content: 'hello' }, 'message_received'],
    [{ error: 'boom' }, 'error_occurred'],
    [{ usage: { input_tokens: 1 } }, 'token_usage_updated'],
    [{ inputTokens: 1, outputTokens: 2 }, 'token_usage_updated'],
    [{ type: 'something_new', delta: 'x' }, 'message_streamed'],
  ])('infers %j as %s', (raw, expected) => {
    expect(typeOf(raw)).toBe(expected);
  });

  it('prefers delta over content, and content over error (the original order)', () => {
    expect(typeOf({ delta: 'a', content: 'b' })).toBe('message_streamed');
    expect(typeOf({ content: 'b', error: 'c' })).toBe('message_received');
  });
});

describe('resolveRawType: fallback', () => {
  it('marks events it cannot place as unrecognised error_occurred', () => {
    expect(resolveRawType({ type: 'unknown_xyz' })).toEqual({
      type: 'error_occurred',
      rawType: 'unknown_xyz',
      unrecognised: true,
    });
    expect(resolveRawType({ type: 5, status: 'failed' })).toEqual({
      type: 'error_occurred',
      rawType: null,
      unrecognised: true,
    });
    expect(resolveRawType({ type: 'error' }).unrecognised).toBe(false);
  });
});
