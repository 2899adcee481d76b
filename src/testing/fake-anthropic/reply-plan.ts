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
export interface PlannedMessage {
  readonly id: string;
  readonly model: string;
  readonly blocks: readonly PlannedBlock[];
  readonly stopReason: 'end_turn' | 'tool_use';
  readonly usage: FakeAnthropicUsage;
  readonly delayMs: number;
}

/** What the server does for one messages request, with every reply function already applied. */
export type ReplyPlan =
  | { readonly kind: 'message'; readonly message: PlannedMessage }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly type?: string | undefined;
      readonly message?: string | undefined;
    }
  | { readonly kind: 'hang' | 'disconnect'; readonly id: string; readonly model: string };

const MAX_FUNCTION_DEPTH = 10;
const DEFAULT_MODEL = 'claude-fake';

/** Splits `text` into `count` pieces of nearly equal length (whole code points, none empty). */
export function splitText(text: string, count: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const n = Math.max(1, Math.min(Math.floor(count), chars.length));
  const pieces: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((i * chars.length) / n);
    const end = Math.floor(((i + 1) * chars.length) / n);
    pieces.push(chars.slice(start, end).join(''));
  }
  return pieces;
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

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

function requestModel(request: FakeAnthropicRequest): string {
  const model = (request.body as { model?: unknown } | null)?.model;
  return typeof model === 'string' && model !== '' ? model : DEFAULT_MODEL;
}

/** Sequence numbers for deterministic message and tool ids, one counter per server. */
export interface IdSource {
  next(prefix: 'msg' | 'toolu'): string;
}

/** Creates an `IdSource` whose ids are `msg_fake_1`, `toolu_fake_1`, … */
export function createIdSource(): IdSource {
  const counters = { msg: 0, toolu: 0 };
  return {
    next(prefix) {
      counters[prefix] += 1;
      return `${prefix}_fake_${counters[prefix]}`;
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
  let current: FakeAnthropicReply = reply;
  for (let depth = 0; typeof current === 'function'; depth++) {
    if (depth >= MAX_FUNCTION_DEPTH) {
      return {
        kind: 'error',
        status: 500,
        message: 'Fake Anthropic reply functions nest too deep',
      };
    }
    try {
      current = current(request);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return {
        kind: 'error',
        status: 500,
        message: `Fake Anthropic reply function threw: ${text}`,
      };
    }
  }
  if ('error' in current) {
    return {
      kind: 'error',
      status: current.error.status,
      type: current.error.type,
      message: current.error.message,
    };
  }
  if ('hang' in current) return { kind: 'hang', id: ids.next('msg'), model: requestModel(request) };
  if ('disconnect' in current) {
    return { kind: 'disconnect', id: ids.next('msg'), model: requestModel(request) };
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
    return {
      kind: 'message',
      message: {
        id,
        model: current.model ?? requestModel(request),
        blocks,
        stopReason: 'tool_use',
        usage: usageOf(current.usage, output),
        delayMs: 0,
      },
    };
  }
  const { chunks } = current;
  const pieces = typeof chunks === 'object' ? [...chunks] : splitText(current.text, chunks ?? 1);
  const blocks: PlannedBlock[] = [];
  if (current.thinking !== undefined) {
    blocks.push({ type: 'thinking', thinking: current.thinking, signature: `sig_${id}` });
  }
  blocks.push({ type: 'text', text: pieces.join(''), pieces });
  return {
    kind: 'message',
    message: {
      id,
      model: current.model ?? requestModel(request),
      blocks,
      stopReason: 'end_turn',
      usage: usageOf(current.usage, (current.thinking ?? '') + current.text),
      delayMs: current.delayMs ?? 0,
    },
  };
}
