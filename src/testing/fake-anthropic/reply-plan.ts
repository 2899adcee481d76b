import {
  type IdSource as CountingIdSource,
  createIdSource as createCountingIdSource,
} from '../http-fake/id-source.js';
import type { CutStreamPlan, ErrorPlan, PlannedAnswer } from '../http-fake/reply-plan-shapes.js';
import { requestModel } from '../http-fake/request-model.js';
import { resolveReply } from '../http-fake/resolve-reply.js';
import { estimateTokens, replyPieces } from '../http-fake/split-text.js';
import type {
  FakeAnthropicReply,
  FakeAnthropicRequest,
  FakeAnthropicUsage,
} from './fake-anthropic-types.js';

/** One content block of a planned message; text carries the pieces it is streamed in. */
export type PlannedBlock =
  | { readonly type: 'thinking'; readonly thinking: string; readonly signature: string }
  | { readonly type: 'text'; readonly text: string; readonly pieces: readonly string[] }
  | {
      readonly type: 'tool_use';
      readonly id: string;
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
    };

/** A complete assistant message the fake will send. */
export interface PlannedMessage extends PlannedAnswer<FakeAnthropicUsage> {
  readonly blocks: readonly PlannedBlock[];
  readonly stopReason: 'end_turn' | 'tool_use';
}

/** What the server does for one messages request, with every reply function already applied. */
export type ReplyPlan =
  | { readonly kind: 'message'; readonly message: PlannedMessage }
  | (ErrorPlan & { readonly type?: string | undefined })
  | CutStreamPlan;

const DEFAULT_MODEL = 'claude-fake';

function usageOf(
  given: Partial<FakeAnthropicUsage> | undefined,
  outputText: string,
): FakeAnthropicUsage {
  return {
    input_tokens: given?.input_tokens ?? 10,
    output_tokens: given?.output_tokens ?? estimateTokens(outputText),
    cache_read_input_tokens: given?.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: given?.cache_creation_input_tokens ?? 0,
  };
}

/** Sequence numbers for deterministic message and tool ids, one counter per server. */
export type IdSource = CountingIdSource<'msg' | 'toolu'>;

/** Creates an `IdSource` whose ids are `msg_fake_1`, `toolu_fake_1`, … */
export function createIdSource(): IdSource {
  return createCountingIdSource<'msg' | 'toolu'>();
}

/** A message plan: the reply's model (default: the request's) and usage (default: estimated from `output`). */
function messagePlan(
  reply: { readonly model?: string; readonly usage?: Partial<FakeAnthropicUsage> },
  request: FakeAnthropicRequest,
  parts: Pick<PlannedMessage, 'id' | 'blocks' | 'stopReason' | 'delayMs'> & { output: string },
): ReplyPlan {
  return {
    kind: 'message',
    message: {
      id: parts.id,
      model: reply.model ?? requestModel(request, DEFAULT_MODEL),
      blocks: parts.blocks,
      stopReason: parts.stopReason,
      usage: usageOf(reply.usage, parts.output),
      delayMs: parts.delayMs,
    },
  };
}

/**
 * Turns a reply (calling reply functions) into what the server sends for `request`.
 * A reply function that throws becomes a 500 whose message names the problem.
 */
export function planReply(
  reply: FakeAnthropicReply,
  request: FakeAnthropicRequest,
  ids: IdSource,
): ReplyPlan {
  const current = resolveReply(reply, request, 'Anthropic');
  if (typeof current === 'string') return { kind: 'error', status: 500, message: current };
  if ('error' in current) {
    return {
      kind: 'error',
      status: current.error.status,
      type: current.error.type,
      message: current.error.message,
    };
  }
  if ('hang' in current)
    return { kind: 'hang', id: ids.next('msg'), model: requestModel(request, DEFAULT_MODEL) };
  if ('disconnect' in current) {
    return { kind: 'disconnect', id: ids.next('msg'), model: requestModel(request, DEFAULT_MODEL) };
  }
  const id = ids.next('msg');
  if ('toolUse' in current) {
    const blocks: PlannedBlock[] = [];
    if (current.text !== undefined && current.text !== '') {
      blocks.push({ type: 'text', text: current.text, pieces: [current.text] });
    }
    blocks.push({
      type: 'tool_use',
      id: current.toolUse.id ?? ids.next('toolu'),
      name: current.toolUse.name,
      input: current.toolUse.input,
    });
    const output = (current.text ?? '') + JSON.stringify(current.toolUse.input);
    return messagePlan(current, request, {
      id,
      blocks,
      stopReason: 'tool_use',
      output,
      delayMs: 0,
    });
  }
  const pieces = replyPieces(current.text, current.chunks);
  const blocks: PlannedBlock[] = [];
  if (current.thinking !== undefined) {
    blocks.push({ type: 'thinking', thinking: current.thinking, signature: `sig_${id}` });
  }
  blocks.push({ type: 'text', text: pieces.join(''), pieces });
  return messagePlan(current, request, {
    id,
    blocks,
    stopReason: 'end_turn',
    output: (current.thinking ?? '') + current.text,
    delayMs: current.delayMs ?? 0,
  });
}
