import { describe, expect, it } from 'vitest';
import type { PlannedMessage } from './reply-plan.js';
import { formatSse, messageEventGroups, messageJson } from './sse-writer.js';

const usage = {
  input_tokens: 10,
  output_tokens: 4,
  cache_read_input_tokens: 2,
  cache_creation_input_tokens: 1,
};

const message: PlannedMessage = {
  id: 'msg_fake_1',
  model: 'm',
  blocks: [
    { type: 'thinking', thinking: 'hmm', signature: 'sig' },
    { type: 'text', text: 'ab', pieces: ['a', 'b'] },
    { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
  ],
  stopReason: 'tool_use',
  usage,
  delayMs: 0,
};

describe('Anthropic stream events', () => {
  it('orders message_start, blocks with their deltas, message_delta and message_stop', () => {
    const events = messageEventGroups(message).flat();
    const summary = events.map((e) => {
      const delta = (e.data as { delta?: { type?: string } }).delta;
      return delta?.type === undefined ? e.event : `${e.event}:${delta.type}`;
    });
    expect(summary).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta:thinking_delta',
      'content_block_delta:signature_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    expect(events[9]?.data).toEqual({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} },
    });
    expect(events[10]?.data).toMatchObject({ delta: { partial_json: '{"command":"ls"}' } });
    expect(events[12]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage,
    });
  });

  it('gives each text delta its own group so delays fall between deltas', () => {
    const groups = messageEventGroups(message);
    const deltaGroups = groups.filter((g) => g.some((e) => e.data.type === 'content_block_delta'));
    expect(deltaGroups.map((g) => g.length)).toEqual([4, 1, 1, 3]);
  });

  it('formats SSE frames and the non-streaming message', () => {
    expect(formatSse({ event: 'message_stop', data: { type: 'message_stop' } })).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(messageJson(message)).toEqual({
      id: 'msg_fake_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'ab' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage,
    });
  });
});
