import type { FakeAnthropicReply, FakeAnthropicRequest } from './fake-anthropic-types.js';

interface MessageLike {
  role?: unknown;
  content?: unknown;
}

interface BlockLike {
  type?: unknown;
  text?: unknown;
}

function lastUserContent(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as MessageLike | null;
    if (message?.role === 'user') return message.content;
  }
  return undefined;
}

/**
 * The last text a user wrote in the request: the last text block of the last user message that is
 * not a `<system-reminder>` the CLI adds. `''` when there is none.
 */
export function lastUserText(body: unknown): string {
  const content = lastUserContent(body);
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  for (let i = content.length - 1; i >= 0; i--) {
    const block = content[i] as BlockLike | null;
    if (block?.type !== 'text' || typeof block.text !== 'string') continue;
    if (block.text.trimStart().startsWith('<system-reminder>')) continue;
    return block.text;
  }
  return '';
}

/** Whether the last user message carries a `tool_result` block (the model's turn after a tool). */
export function endsWithToolResult(body: unknown): boolean {
  const content = lastUserContent(body);
  return (
    Array.isArray(content) &&
    content.some((block) => (block as BlockLike | null)?.type === 'tool_result')
  );
}

/**
 * The reply used when the queue is empty: `Done.` after a tool result, else `Echo: <last user text>`,
 * so a test sees what the model received.
 */
export function defaultFakeAnthropicReply(request: FakeAnthropicRequest): FakeAnthropicReply {
  if (endsWithToolResult(request.body)) return { text: 'Done.' };
  return { text: `Echo: ${lastUserText(request.body)}` };
}
