import type { FakeResponsesReply, FakeResponsesRequest } from './fake-responses-types.js';

interface InputItemLike {
  type?: unknown;
  role?: unknown;
  content?: unknown;
}

interface ContentPartLike {
  type?: unknown;
  text?: unknown;
}

function inputItems(body: unknown): readonly InputItemLike[] {
  if (typeof body !== 'object' || body === null) return [];
  const input = (body as { input?: unknown }).input;
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? (input as InputItemLike[]) : [];
}

function isUserMessage(item: InputItemLike | null | undefined): boolean {
  return item?.role === 'user' && (item.type === undefined || item.type === 'message');
}

function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = (content as (ContentPartLike | null)[]).flatMap((part) =>
    part?.type === 'input_text' && typeof part.text === 'string' ? [part.text] : [],
  );
  return texts.length === 0 ? undefined : texts.join('\n');
}

/**
 * What the user last wrote: the text of the last user message of `input` that is not context the
 * CLI adds (`<environment_context>`, `<user_instructions>` and other tagged blocks). `''` if none.
 */
export function lastUserText(body: unknown): string {
  const items = inputItems(body);
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (!isUserMessage(item)) continue;
    const text = messageText(item?.content);
    if (text === undefined || /^<[a-z_]+>/.test(text.trimStart())) continue;
    return text;
  }
  return '';
}

/** Whether a tool output (`function_call_output`, `custom_tool_call_output`, …) follows the last user message. */
export function endsWithToolOutput(body: unknown): boolean {
  const items = inputItems(body);
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isUserMessage(item)) return false;
    if (typeof item?.type === 'string' && item.type.endsWith('_call_output')) return true;
  }
  return false;
}

/**
 * The reply used when the queue is empty: `Done.` after a tool output, else `Echo: <last user text>`,
 * so a test sees what the model received.
 */
export function defaultFakeResponsesReply(request: FakeResponsesRequest): FakeResponsesReply {
  if (endsWithToolOutput(request.body)) return { text: 'Done.' };
  return { text: `Echo: ${lastUserText(request.body)}` };
}
