import {
  type IdSource as CountingIdSource,
  createIdSource as createCountingIdSource,
} from '../http-fake/id-source.js';
import type { CutStreamPlan, ErrorPlan, PlannedAnswer } from '../http-fake/reply-plan-shapes.js';
import { requestModel } from '../http-fake/request-model.js';
import { resolveReply } from '../http-fake/resolve-reply.js';
import { estimateTokens, replyPieces } from '../http-fake/split-text.js';
import type {
  FakeResponsesReply,
  FakeResponsesRequest,
  FakeResponsesUsage,
} from './fake-responses-types.js';
import { commandCall, type PlannedToolCall, patchCall } from './tool-call-shape.js';

/** One output item of a planned response; a message carries the pieces its text is streamed in. */
export type PlannedItem =
  | { readonly type: 'reasoning'; readonly id: string; readonly text: string }
  | {
      readonly type: 'message';
      readonly id: string;
      readonly text: string;
      readonly pieces: readonly string[];
    }
  | (PlannedToolCall & { readonly id: string; readonly callId: string });

/** A complete response the fake will stream. */
export interface PlannedResponse extends PlannedAnswer<FakeResponsesUsage> {
  readonly items: readonly PlannedItem[];
}

/** What the server does for one responses request, with every reply function already applied. */
export type ReplyPlan =
  | { readonly kind: 'response'; readonly response: PlannedResponse }
  | (ErrorPlan & { readonly code?: string | undefined })
  | {
      readonly kind: 'failed';
      readonly id: string;
      readonly model: string;
      readonly message: string;
      readonly code?: string | undefined;
    }
  | CutStreamPlan;

const DEFAULT_MODEL = 'gpt-fake';

/** Sequence numbers for deterministic ids, one counter per prefix and server. */
export type IdSource = CountingIdSource<'resp' | 'msg' | 'rs' | 'fc' | 'call'>;

/** Creates an `IdSource` whose ids are `resp_fake_1`, `msg_fake_1`, `call_fake_1`, … */
export function createIdSource(): IdSource {
  return createCountingIdSource();
}

function usageOf(
  given: Partial<FakeResponsesUsage> | undefined,
  outputText: string,
  reasoningText = '',
): FakeResponsesUsage {
  const reasoning = reasoningText === '' ? 0 : estimateTokens(reasoningText);
  return {
    input_tokens: given?.input_tokens ?? 10,
    cached_input_tokens: given?.cached_input_tokens ?? 0,
    output_tokens: given?.output_tokens ?? estimateTokens(outputText) + reasoning,
    reasoning_output_tokens: given?.reasoning_output_tokens ?? reasoning,
  };
}

function messageItem(ids: IdSource, text: string, pieces: readonly string[] = [text]): PlannedItem {
  return { type: 'message', id: ids.next('msg'), text, pieces };
}

/**
 * Turns a reply (calling reply functions) into what the server sends for `request`.
 * A reply function that throws becomes a 500 whose message names the problem.
 */
export function planReply(
  reply: FakeResponsesReply,
  request: FakeResponsesRequest,
  ids: IdSource,
): ReplyPlan {
  const current = resolveReply(reply, request, 'Responses');
  if (typeof current === 'string') return { kind: 'error', status: 500, message: current };
  if ('error' in current) {
    const { status, message, code } = current.error;
    return { kind: 'error', status, message, code };
  }
  const model = requestModel(request, DEFAULT_MODEL);
  const id = ids.next('resp');
  if ('failed' in current) {
    return {
      kind: 'failed',
      id,
      model,
      message: current.failed.message,
      code: current.failed.code,
    };
  }
  if ('hang' in current) return { kind: 'hang', id, model };
  if ('disconnect' in current) return { kind: 'disconnect', id, model };
  const items: PlannedItem[] = [];
  if ('command' in current || 'patch' in current) {
    if (current.text !== undefined && current.text !== '')
      items.push(messageItem(ids, current.text));
    const call =
      'command' in current
        ? commandCall(request, current.command)
        : patchCall(request, current.patch);
    items.push({ ...call, id: ids.next('fc'), callId: ids.next('call') });
    const output = (current.text ?? '') + ('command' in current ? current.command : current.patch);
    return {
      kind: 'response',
      response: { id, model, items, usage: usageOf(undefined, output), delayMs: 0 },
    };
  }
  const pieces = replyPieces(current.text, current.chunks);
  if (current.reasoning !== undefined) {
    items.push({ type: 'reasoning', id: ids.next('rs'), text: current.reasoning });
  }
  items.push(messageItem(ids, pieces.join(''), pieces));
  return {
    kind: 'response',
    response: {
      id,
      model,
      items,
      usage: usageOf(current.usage, current.text, current.reasoning),
      delayMs: current.delayMs ?? 0,
    },
  };
}
