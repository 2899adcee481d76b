import { randomBytes, randomUUID } from 'node:crypto';
import { delay, untilAborted } from './delay.js';
import { assistantMessage, streamEvent, type WireMessage } from './messages.js';
import type { TurnTally } from './result-message.js';
import type { TurnContext } from './turn-context.js';
import { addTokens, chargeReply, listPriceUsd, type Tokens } from './usage.js';

/** One content block of a scripted model reply. */
export type ReplyBlock =
  | { readonly type: 'text'; readonly text: string; readonly chunks: readonly string[] }
  | { readonly type: 'thinking'; readonly thinking: string }
  | {
      readonly type: 'tool_use';
      readonly id: string;
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
    };

/** A model reply to play: its blocks, usage, cost and how it stops. */
export interface Reply {
  readonly blocks: readonly ReplyBlock[];
  readonly tokens: Tokens;
  readonly costUsd: number;
  readonly stopReason: 'end_turn' | 'tool_use';
  readonly delayMs: number;
  /** After `message_start`, send nothing more until the signal aborts (as a stalled model API). */
  readonly hang?: boolean;
}

/** How playing a reply ended; an interrupted one still owes the closing stream events. */
export type ReplyOutcome = { readonly aborted: false } | { readonly aborted: true; close(): void };

let messageCounter = 0;

export function newToolUseId(): string {
  return `toolu_${randomBytes(12).toString('hex')}`;
}

function deltasOf(block: ReplyBlock): WireMessage[] {
  switch (block.type) {
    case 'text':
      return block.chunks.map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        { type: 'thinking_delta', thinking: block.thinking },
        { type: 'signature_delta', signature: 'fake-signature' },
      ];
    case 'tool_use':
      return [{ type: 'input_json_delta', partial_json: JSON.stringify(block.input) }];
  }
}

function startBlockOf(block: ReplyBlock): WireMessage {
  if (block.type === 'text') return { type: 'text', text: '' };
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  return { type: 'tool_use', id: block.id, name: block.name, input: {} };
}

function fullBlockOf(block: ReplyBlock): WireMessage {
  if (block.type === 'text') return { type: 'text', text: block.text };
  if (block.type === 'thinking') {
    return { type: 'thinking', thinking: block.thinking, signature: 'fake-signature' };
  }
  return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
}

/**
 * Plays one model reply as the CLI relays it: stream events (when partial messages were asked for)
 * and one `assistant` message per content block, written to the session file; charges its cost.
 */
export async function playReply(
  ctx: TurnContext,
  reply: Reply,
  tally: TurnTally,
  signal: AbortSignal,
): Promise<ReplyOutcome> {
  const partial = ctx.args.includePartialMessages;
  const apiId = `msg_fake_${process.pid}_${++messageCounter}`;
  const event = (e: WireMessage, extra?: WireMessage) => {
    if (partial) ctx.wire.send(streamEvent(ctx.sessionId, apiId, e, extra));
  };
  tally.requests++;
  tally.messageIds.push(apiId);
  const start = {
    input_tokens: reply.tokens.input_tokens,
    output_tokens: 1,
    cache_creation_input_tokens: reply.tokens.cache_creation_input_tokens,
    cache_read_input_tokens: reply.tokens.cache_read_input_tokens,
  };
  event(
    {
      type: 'message_start',
      message: {
        id: apiId,
        type: 'message',
        role: 'assistant',
        model: ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: start,
      },
    },
    { ttft_ms: 1, thinking_display: 'updates' },
  );
  let openIndex: number | null = null;
  const interrupted = (): ReplyOutcome => {
    // The CLI charges the interrupted request for what message_start reported.
    chargeReply(ctx.file.costState, ctx.model, start, listPriceUsd(start));
    chargeReply(tally.sinceLastResult, ctx.model, start, listPriceUsd(start));
    return {
      aborted: true,
      close: () => {
        if (openIndex !== null) event({ type: 'content_block_stop', index: openIndex });
        event({
          type: 'message_delta',
          delta: { stop_reason: null, stop_sequence: null },
          usage: start,
        });
        event(
          { type: 'message_stop' },
          { abandoned_blocks: { api_message_id: apiId, from_block_index: openIndex ?? 0 } },
        );
      },
    };
  };
  if (reply.hang) {
    await untilAborted(signal);
    return interrupted();
  }
  for (const [index, block] of reply.blocks.entries()) {
    if (signal.aborted) return interrupted();
    event({ type: 'content_block_start', index, content_block: startBlockOf(block) });
    openIndex = index;
    for (const delta of deltasOf(block)) {
      if (!(await delay(reply.delayMs, signal))) return interrupted();
      event({ type: 'content_block_delta', index, delta });
    }
    const uuid = randomUUID();
    const full = fullBlockOf(block);
    ctx.wire.send(assistantMessage(ctx.sessionId, apiId, ctx.model, full, reply.tokens, uuid));
    ctx.file.append({ role: 'assistant', content: [full] }, uuid);
    event({ type: 'content_block_stop', index });
    openIndex = null;
    if (block.type === 'text') tally.text = block.text;
  }
  event({
    type: 'message_delta',
    delta: { stop_reason: reply.stopReason, stop_sequence: null },
    usage: { output_tokens: reply.tokens.output_tokens },
  });
  event({ type: 'message_stop' });
  tally.tokens = addTokens(tally.tokens, reply.tokens);
  chargeReply(ctx.file.costState, ctx.model, reply.tokens, reply.costUsd);
  chargeReply(tally.sinceLastResult, ctx.model, reply.tokens, reply.costUsd);
  return { aborted: false };
}
