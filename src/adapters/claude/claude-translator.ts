import type {
  SDKAssistantMessage,
  SDKMessage,
  SDKResultMessage,
  SDKUserMessage,
} from '@anthropic-ai/claude-agent-sdk';
import type { ToolCall } from '../../core/event-data.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { ToolDecision, ToolDecisions } from './tool-decisions.js';

/** An API error the CLI reported as an assistant message (`error` set), with its text. */
export interface ReportedApiError {
  /** The CLI's error kind: `authentication_failed`, `rate_limit`, `server_error`, … */
  readonly kind: string;
  readonly text: string;
}

interface OpenMessage {
  readonly id: string;
  text: string;
  thinking: string;
  model: string | null;
}

type ContentBlock = { readonly type: string } & Readonly<Record<string, unknown>>;

const MAX_ERROR_TEXT = 4_000;

function blocksOf(content: unknown): readonly ContentBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter(
    (block): block is ContentBlock =>
      typeof block === 'object' && block !== null && typeof block.type === 'string',
  );
}

function textOf(content: unknown): string {
  return blocksOf(content)
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

// A tool result's content as the model saw it: its text, or the blocks when not all are text.
function toolOutputOf(content: unknown): unknown {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const blocks = blocksOf(content);
  if (blocks.every((block) => block.type === 'text')) return textOf(blocks);
  return blocks;
}

function decisionMetadata(decision: ToolDecision | undefined): AdapterEvent['metadata'] {
  return decision === undefined ? undefined : { permission: { ...decision } };
}

/**
 * Translates the messages of one Claude Code turn (what `query()` yields) into canonical events,
 * and keeps what the run's result needs: the session id, the model, the final text, the tool calls,
 * the `result` message and an API error the CLI reported.
 *
 * - a text delta of a top-level `stream_event` → `message_streamed`;
 * - an assistant message's text → one `message_received` per API message (the CLI yields one
 *   assistant message per content block; blocks of one message id are joined), its thinking in
 *   `metadata.thinking`, never in the text;
 * - a `tool_use` block → `tool_call_started`; its `tool_result` → `tool_call_completed`, or
 *   `tool_call_failed` when `is_error` (a permission denial gives the reason); the permission
 *   decision taken for that call, when there was one, goes in `metadata.permission`;
 * - replayed user messages, subagent text and other system messages produce nothing.
 *
 * Pure: no I/O, no timers. `translate` returns the events for one message; `flush` those still held
 * (the last message's text) and must be called once the turn ends.
 */
export class ClaudeTurnTranslator {
  sessionId: string | null = null;
  model: string | null = null;
  result: SDKResultMessage | null = null;
  apiError: ReportedApiError | null = null;
  readonly toolCalls: ToolCall[] = [];
  /** All assistant text of the turn, in order (the run's output when there is no result text). */
  text = '';
  #open: OpenMessage | null = null;
  readonly #toolNames = new Map<string, string>();
  readonly #denials = new Map<string, string>();
  readonly #finished = new Set<string>();

  constructor(private readonly decisions: ToolDecisions | null = null) {}

  translate(message: SDKMessage): AdapterEvent[] {
    switch (message.type) {
      case 'system':
        return this.#system(message);
      case 'stream_event':
        return this.#streamEvent(message);
      case 'assistant':
        return this.#assistant(message);
      case 'user':
        return this.#user(message);
      case 'result':
        this.result = message;
        this.sessionId ??= message.session_id;
        return this.flush();
      default:
        return [];
    }
  }

  /** The events still held back (the open message's text). */
  flush(): AdapterEvent[] {
    const open = this.#open;
    this.#open = null;
    if (open === null || open.text === '') return [];
    const metadata: Record<string, unknown> = { messageId: open.id };
    if (open.thinking !== '') metadata.thinking = open.thinking;
    if (open.model !== null) metadata.model = open.model;
    return [
      { type: 'message_received', data: { role: 'assistant', content: open.text }, metadata },
    ];
  }

  #system(message: Extract<SDKMessage, { type: 'system' }>): AdapterEvent[] {
    if (message.subtype === 'init') {
      this.sessionId = message.session_id;
      this.model = message.model;
    } else if (message.subtype === 'permission_denied') {
      this.#denials.set(message.tool_use_id, message.message);
    }
    return [];
  }

  #streamEvent(message: Extract<SDKMessage, { type: 'stream_event' }>): AdapterEvent[] {
    if (message.parent_tool_use_id !== null) return [];
    const event = message.event;
    if (event.type !== 'content_block_delta' || event.delta.type !== 'text_delta') return [];
    const delta = event.delta.text;
    return delta === '' ? [] : [{ type: 'message_streamed', data: { delta } }];
  }

  #assistant(message: SDKAssistantMessage): AdapterEvent[] {
    if (message.error !== undefined) {
      const text = textOf(message.message.content).slice(0, MAX_ERROR_TEXT);
      this.apiError = { kind: message.error, text };
      return [];
    }
    const topLevel = message.parent_tool_use_id === null;
    const events: AdapterEvent[] = [];
    const id = message.message.id;
    if (topLevel && this.#open !== null && this.#open.id !== id) events.push(...this.flush());
    for (const block of blocksOf(message.message.content)) {
      if (block.type === 'tool_use') {
        events.push(...this.#toolUse(block, message.parent_tool_use_id));
      } else if (topLevel && block.type === 'text' && typeof block.text === 'string') {
        this.#openMessage(id, message.message.model).text += block.text;
        this.text += block.text;
      } else if (topLevel && block.type === 'thinking' && typeof block.thinking === 'string') {
        this.#openMessage(id, message.message.model).thinking += block.thinking;
      }
    }
    return events;
  }

  #openMessage(id: string, model: unknown): OpenMessage {
    if (this.#open === null) {
      this.#open = { id, text: '', thinking: '', model: typeof model === 'string' ? model : null };
    }
    return this.#open;
  }

  #toolUse(block: ContentBlock, parent: string | null): AdapterEvent[] {
    const toolCallId = typeof block.id === 'string' ? block.id : '';
    const toolName = typeof block.name === 'string' ? block.name : 'unknown';
    if (toolCallId === '' || this.#toolNames.has(toolCallId)) return [];
    this.#toolNames.set(toolCallId, toolName);
    const toolInput = block.input ?? {};
    if (parent === null) this.toolCalls.push({ toolCallId, toolName, toolInput });
    const event: AdapterEvent = {
      type: 'tool_call_started',
      data: { toolCallId, toolName, toolInput },
    };
    return [parent === null ? event : { ...event, metadata: { parentToolUseId: parent } }];
  }

  #user(message: SDKUserMessage): AdapterEvent[] {
    if ((message as { isReplay?: boolean }).isReplay === true) return [];
    const events: AdapterEvent[] = [];
    for (const block of blocksOf(message.message.content)) {
      if (block.type !== 'tool_result' || typeof block.tool_use_id !== 'string') continue;
      const toolCallId = block.tool_use_id;
      if (this.#finished.has(toolCallId)) continue;
      this.#finished.add(toolCallId);
      const toolName = this.#toolNames.get(toolCallId) ?? 'unknown';
      const metadata = decisionMetadata(this.decisions?.take(toolCallId));
      if (block.is_error === true) {
        const error = this.#denials.get(toolCallId) ?? String(toolOutputOf(block.content));
        events.push({
          type: 'tool_call_failed',
          data: { toolCallId, toolName, error: error.slice(0, MAX_ERROR_TEXT) },
          ...(metadata === undefined ? {} : { metadata }),
        });
      } else {
        events.push({
          type: 'tool_call_completed',
          data: { toolCallId, toolName, toolOutput: toolOutputOf(block.content) },
          ...(metadata === undefined ? {} : { metadata }),
        });
      }
    }
    return events;
  }
}
