import type { ServerResponse } from 'node:http';
import { isWritable } from '../http-fake/send-json.js';
import type { PlannedBlock, PlannedMessage } from './reply-plan.js';

/** One Server-Sent Event of Anthropic's Messages stream. */
export interface AnthropicStreamEvent {
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The `message_start` event: an empty assistant message with input usage. */
export function messageStartEvent(
  id: string,
  model: string,
  inputTokens = 10,
  cache: { read: number; creation: number } = { read: 0, creation: 0 },
): AnthropicStreamEvent {
  return {
    event: 'message_start',
    data: {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          cache_creation_input_tokens: cache.creation,
          cache_read_input_tokens: cache.read,
          output_tokens: 1,
        },
      },
    },
  };
}

function blockEvents(block: PlannedBlock, index: number): AnthropicStreamEvent[][] {
  const start = (contentBlock: Record<string, unknown>): AnthropicStreamEvent => ({
    event: 'content_block_start',
    data: { type: 'content_block_start', index, content_block: contentBlock },
  });
  const delta = (payload: Record<string, unknown>): AnthropicStreamEvent => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index, delta: payload },
  });
  const stop: AnthropicStreamEvent = {
    event: 'content_block_stop',
    data: { type: 'content_block_stop', index },
  };
  // Groups: the writer may pause between groups (one group per text delta).
  switch (block.type) {
    case 'thinking':
      return [
        [
          start({ type: 'thinking', thinking: '', signature: '' }),
          delta({ type: 'thinking_delta', thinking: block.thinking }),
          delta({ type: 'signature_delta', signature: block.signature }),
          stop,
        ],
      ];
    case 'text':
      return [
        [start({ type: 'text', text: '' })],
        ...block.pieces.map((text) => [delta({ type: 'text_delta', text })]),
        [stop],
      ];
    case 'tool_use':
      return [
        [
          start({ type: 'tool_use', id: block.id, name: block.name, input: {} }),
          delta({ type: 'input_json_delta', partial_json: JSON.stringify(block.input) }),
          stop,
        ],
      ];
  }
}

/**
 * Every event of a streamed message, grouped: a text block gives one group per delta, so a delay
 * between groups spaces out the deltas.
 */
export function messageEventGroups(message: PlannedMessage): AnthropicStreamEvent[][] {
  const { usage } = message;
  return [
    [
      messageStartEvent(message.id, message.model, usage.input_tokens, {
        read: usage.cache_read_input_tokens,
        creation: usage.cache_creation_input_tokens,
      }),
    ],
    ...message.blocks.flatMap((block, index) => blockEvents(block, index)),
    [
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: message.stopReason, stop_sequence: null },
          usage: { ...usage },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ],
  ];
}

function blockJson(block: PlannedBlock): Record<string, unknown> {
  if (block.type === 'thinking') {
    return { type: 'thinking', thinking: block.thinking, signature: block.signature };
  }
  if (block.type === 'text') return { type: 'text', text: block.text };
  return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
}

/** The non-streaming form of a message: what `POST /v1/messages` returns without `stream: true`. */
export function messageJson(message: PlannedMessage): Record<string, unknown> {
  return {
    id: message.id,
    type: 'message',
    role: 'assistant',
    model: message.model,
    content: message.blocks.map(blockJson),
    stop_reason: message.stopReason,
    stop_sequence: null,
    usage: { ...message.usage },
  };
}

/** Serialises one event in SSE wire format. */
export function formatSse(event: AnthropicStreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** Writes SSE events to `res`; false when the client has gone away. */
export function writeEvents(res: ServerResponse, events: readonly AnthropicStreamEvent[]): boolean {
  if (!isWritable(res)) return false;
  res.write(events.map(formatSse).join(''));
  return true;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Streams a whole message, pausing `delayMs` between text deltas; stops early if the client leaves. */
export async function streamMessage(res: ServerResponse, message: PlannedMessage): Promise<void> {
  let previousWasDelta = false;
  for (const group of messageEventGroups(message)) {
    const isDelta = group.length === 1 && group[0]?.data.type === 'content_block_delta';
    if (isDelta && previousWasDelta && message.delayMs > 0) await sleep(message.delayMs);
    if (!writeEvents(res, group)) return;
    previousWasDelta = isDelta;
  }
  if (isWritable(res)) res.end();
}
