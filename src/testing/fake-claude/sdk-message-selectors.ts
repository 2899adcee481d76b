import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';

/** An SDK message read as a plain record (tests look at fields the SDK types keep apart). */
export type Msg = Record<string, unknown> & { type: string; subtype?: string };

export function ofType(messages: readonly SDKMessage[], type: string, subtype?: string): Msg[] {
  return messages
    .map((m) => m as unknown as Msg)
    .filter((m) => m.type === type && (subtype === undefined || m.subtype === subtype));
}

/** The one `result` of a one-shot query; throws when there is not exactly one. */
export function onlyResult(messages: readonly SDKMessage[]): Msg {
  const results = ofType(messages, 'result');
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return results[0] as Msg;
}

/** The text deltas of the stream events, in order. */
export function textDeltas(messages: readonly SDKMessage[]): Array<string | undefined> {
  return ofType(messages, 'stream_event')
    .map((m) => m.event as { type: string; delta?: { type: string; text?: string } })
    .filter((e) => e.type === 'content_block_delta' && e.delta?.type === 'text_delta')
    .map((e) => e.delta?.text);
}

export function assistantBlocks(messages: readonly SDKMessage[]): Array<Record<string, unknown>> {
  return ofType(messages, 'assistant').flatMap(
    (m) => (m.message as { content: Array<Record<string, unknown>> }).content,
  );
}

export function toolResults(messages: readonly SDKMessage[]): Array<Record<string, unknown>> {
  return ofType(messages, 'user').flatMap((m) =>
    (m.message as { content: Array<Record<string, unknown>> }).content.filter(
      (b) => b.type === 'tool_result',
    ),
  );
}
