import type { ThreadEvent, ThreadItem, Usage } from '@openai/codex-sdk';
import type { ToolCall } from '../../core/event-data.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';

const MAX_TEXT = 4_000;

type ToolItem = Extract<
  ThreadItem,
  { type: 'command_execution' | 'file_change' | 'mcp_tool_call' | 'web_search' }
>;

function toolNameOf(item: ToolItem): string {
  return item.type === 'mcp_tool_call' ? `${item.server}.${item.tool}` : item.type;
}

function toolInputOf(item: ToolItem): unknown {
  switch (item.type) {
    case 'command_execution':
      return { command: item.command };
    case 'file_change':
      return { changes: item.changes.map((c) => ({ path: c.path, kind: c.kind })) };
    case 'mcp_tool_call':
      return { server: item.server, tool: item.tool, arguments: item.arguments ?? null };
    case 'web_search':
      return { query: item.query };
  }
}

// What a finished tool item gives back: an error text, or the canonical output.
function toolEnd(item: ToolItem): { error: string } | { output: unknown } {
  switch (item.type) {
    case 'command_execution': {
      const exitCode = item.exit_code ?? null;
      const output = item.aggregated_output;
      if (item.status === 'failed' || (exitCode !== null && exitCode !== 0)) {
        return { error: `exit code ${exitCode ?? 'unknown'}: ${output.slice(-MAX_TEXT)}` };
      }
      return { output: { output, exitCode } };
    }
    case 'file_change': {
      const changes = item.changes.map((c) => ({ path: c.path, kind: c.kind }));
      if (item.status === 'failed') {
        return { error: `patch failed: ${changes.map((c) => `${c.kind} ${c.path}`).join(', ')}` };
      }
      return { output: { changes } };
    }
    case 'mcp_tool_call':
      if (item.status === 'failed' || item.error !== undefined) {
        return { error: (item.error?.message ?? 'MCP tool call failed').slice(0, MAX_TEXT) };
      }
      return { output: item.result?.structured_content ?? item.result?.content ?? null };
    case 'web_search':
      return { output: { query: item.query } };
  }
}

const isToolItem = (item: ThreadItem): item is ToolItem =>
  item.type === 'command_execution' ||
  item.type === 'file_change' ||
  item.type === 'mcp_tool_call' ||
  item.type === 'web_search';

/**
 * Translates the events of one Codex turn (what `runStreamed` yields) into canonical events, and
 * keeps what the run's result needs: the thread id, the final answer, the tool calls, the usage
 * totals and the failure.
 *
 * - `agent_message` → one `message_streamed` with its whole text (Codex streams whole items),
 *   then `message_received`; the turn's `reasoning` and latest `todo_list` ride along in its
 *   `metadata`;
 * - `command_execution`, `file_change`, `mcp_tool_call`, `web_search` → `tool_call_started` when
 *   the item starts (or when it completes unseen), then `tool_call_completed`, or
 *   `tool_call_failed` for a failed item or a non-zero exit code;
 * - `error` items and top-level `error` events (warnings, retries) → `error_occurred`, not fatal;
 *   `turn.failed` is kept as the failure.
 *
 * Pure: no I/O, no timers.
 */
export class CodexTurnTranslator {
  threadId: string | null = null;
  /** Usage totals over the thread, as `turn.completed` reports them. */
  usage: Usage | null = null;
  /** The message of `turn.failed`, when the turn failed. */
  failure: string | null = null;
  /** The warnings (top-level `error` events), most recent last. */
  readonly warnings: string[] = [];
  finalResponse = '';
  readonly toolCalls: ToolCall[] = [];
  readonly #started = new Set<string>();
  readonly #finished = new Set<string>();
  #reasoning: string[] = [];
  #todo: unknown = null;

  /**
   * `scope` prefixes tool call ids (`<scope>:<item id>`): Codex numbers items from `item_0` again in
   * every turn, so the run's id keeps them unique within the session.
   */
  constructor(private readonly scope: string | null = null) {}

  #callId(item: ToolItem): string {
    return this.scope === null ? item.id : `${this.scope}:${item.id}`;
  }

  translate(event: ThreadEvent): AdapterEvent[] {
    switch (event.type) {
      case 'thread.started':
        this.threadId = event.thread_id;
        return [];
      case 'item.started':
      case 'item.updated':
        // The todo list completes only when the turn ends, after the answer: keep its latest state.
        if (event.item.type === 'todo_list') return this.#completed(event.item);
        return isToolItem(event.item) ? this.#start(event.item) : [];
      case 'item.completed':
        return this.#completed(event.item);
      case 'turn.completed':
        this.usage = event.usage;
        return [];
      case 'turn.failed':
        this.failure = event.error.message;
        return [];
      case 'error':
        this.warnings.push(event.message);
        return [warning(event.message)];
      default:
        return [];
    }
  }

  #start(item: ToolItem): AdapterEvent[] {
    if (this.#started.has(item.id)) return [];
    this.#started.add(item.id);
    const call = {
      toolCallId: this.#callId(item),
      toolName: toolNameOf(item),
      toolInput: toolInputOf(item),
    };
    this.toolCalls.push(call);
    return [{ type: 'tool_call_started', data: call }];
  }

  #completed(item: ThreadItem): AdapterEvent[] {
    if (isToolItem(item)) {
      if (this.#finished.has(item.id)) return [];
      const events = this.#start(item);
      this.#finished.add(item.id);
      const end = toolEnd(item);
      const ids = { toolCallId: this.#callId(item), toolName: toolNameOf(item) };
      events.push(
        'error' in end
          ? { type: 'tool_call_failed', data: { ...ids, error: end.error } }
          : { type: 'tool_call_completed', data: { ...ids, toolOutput: end.output } },
      );
      return events;
    }
    switch (item.type) {
      case 'agent_message':
        return this.#message(item.text);
      case 'reasoning':
        if (item.text !== '') this.#reasoning.push(item.text);
        return [];
      case 'todo_list':
        this.#todo = item.items.map((t) => ({ text: t.text, completed: t.completed }));
        return [];
      case 'error':
        return [warning(item.message)];
      default:
        return [];
    }
  }

  #message(text: string): AdapterEvent[] {
    this.finalResponse = text;
    const metadata: Record<string, unknown> = {};
    if (this.#reasoning.length > 0) metadata.reasoning = this.#reasoning.join('\n\n');
    if (this.#todo !== null) metadata.todoList = this.#todo;
    this.#reasoning = [];
    const events: AdapterEvent[] = [];
    if (text !== '') events.push({ type: 'message_streamed', data: { delta: text } });
    events.push({
      type: 'message_received',
      data: { role: 'assistant', content: text },
      ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
    });
    return events;
  }
}

function warning(message: string): AdapterEvent {
  return {
    type: 'error_occurred',
    data: { errorCode: 'provider_error', errorMessage: message.slice(0, MAX_TEXT), fatal: false },
  };
}
