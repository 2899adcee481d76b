import type { FakeResponsesUsage } from './fake-responses-types.js';
import type { PlannedItem, PlannedResponse } from './reply-plan.js';

/** One Server-Sent Event of the Responses stream, before its `sequence_number` is assigned. */
export interface ResponsesStreamEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** The Responses API's usage object for the SDK-style counts of a reply. */
export function wireUsage(usage: FakeResponsesUsage): Record<string, unknown> {
  return {
    input_tokens: usage.input_tokens,
    input_tokens_details: { cached_tokens: usage.cached_input_tokens },
    output_tokens: usage.output_tokens,
    output_tokens_details: { reasoning_tokens: usage.reasoning_output_tokens },
    total_tokens: usage.input_tokens + usage.output_tokens,
  };
}

/** The `response` object of lifecycle events. */
export function responseObject(
  id: string,
  model: string,
  status: 'in_progress' | 'completed' | 'failed',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output: [],
    usage: null,
    error: null,
    ...extra,
  };
}

/** `response.created`: the first event of every stream. */
export function createdEvent(id: string, model: string): ResponsesStreamEvent {
  return { type: 'response.created', response: responseObject(id, model, 'in_progress') };
}

/** An item as it appears in `response.output_item.done` and in `response.completed`. */
export function doneItem(item: PlannedItem): Record<string, unknown> {
  switch (item.type) {
    case 'reasoning':
      return {
        id: item.id,
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: item.text }],
      };
    case 'message':
      return {
        id: item.id,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: item.text, annotations: [] }],
      };
    case 'function_call':
      return {
        id: item.id,
        type: 'function_call',
        status: 'completed',
        call_id: item.callId,
        name: item.name,
        arguments: item.arguments,
      };
    case 'custom_tool_call':
      return {
        id: item.id,
        type: 'custom_tool_call',
        status: 'completed',
        call_id: item.callId,
        name: item.name,
        input: item.input,
      };
  }
}

function addedItem(item: PlannedItem): Record<string, unknown> {
  const done = doneItem(item);
  switch (item.type) {
    case 'reasoning':
      return { ...done, summary: [] };
    case 'message':
      return { ...done, status: 'in_progress', content: [] };
    case 'function_call':
      return { ...done, status: 'in_progress', arguments: '' };
    case 'custom_tool_call':
      return { ...done, status: 'in_progress', input: '' };
  }
}

function bodyGroups(item: PlannedItem, output_index: number): ResponsesStreamEvent[][] {
  const at = { item_id: item.id, output_index };
  switch (item.type) {
    case 'reasoning': {
      const part = { ...at, summary_index: 0 };
      return [
        [
          {
            type: 'response.reasoning_summary_part.added',
            ...part,
            part: { type: 'summary_text', text: '' },
          },
          { type: 'response.reasoning_summary_text.delta', ...part, delta: item.text },
          { type: 'response.reasoning_summary_text.done', ...part, text: item.text },
          {
            type: 'response.reasoning_summary_part.done',
            ...part,
            part: { type: 'summary_text', text: item.text },
          },
        ],
      ];
    }
    case 'message': {
      const part = { ...at, content_index: 0 };
      const textPart = (text: string) => ({ type: 'output_text', text, annotations: [] });
      return [
        [{ type: 'response.content_part.added', ...part, part: textPart('') }],
        ...item.pieces.map((delta) => [{ type: 'response.output_text.delta', ...part, delta }]),
        [
          { type: 'response.output_text.done', ...part, text: item.text },
          { type: 'response.content_part.done', ...part, part: textPart(item.text) },
        ],
      ];
    }
    case 'function_call':
      return [
        [
          { type: 'response.function_call_arguments.delta', ...at, delta: item.arguments },
          { type: 'response.function_call_arguments.done', ...at, arguments: item.arguments },
        ],
      ];
    case 'custom_tool_call':
      return [
        [
          { type: 'response.custom_tool_call_input.delta', ...at, delta: item.input },
          { type: 'response.custom_tool_call_input.done', ...at, input: item.input },
        ],
      ];
  }
}

/**
 * Every event of a streamed response, grouped: a message gives one group per text delta, so a
 * delay between groups spaces out the deltas.
 */
export function responseEventGroups(response: PlannedResponse): ResponsesStreamEvent[][] {
  const { id, model } = response;
  const groups: ResponsesStreamEvent[][] = [
    [
      createdEvent(id, model),
      { type: 'response.in_progress', response: responseObject(id, model, 'in_progress') },
    ],
  ];
  response.items.forEach((item, output_index) => {
    groups.push([{ type: 'response.output_item.added', output_index, item: addedItem(item) }]);
    groups.push(...bodyGroups(item, output_index));
    groups.push([{ type: 'response.output_item.done', output_index, item: doneItem(item) }]);
  });
  const completed = responseObject(id, model, 'completed', {
    output: response.items.map(doneItem),
    usage: wireUsage(response.usage),
  });
  groups.push([{ type: 'response.completed', response: completed }]);
  return groups;
}

/** `response.failed` with an error object, as the API ends a stream that failed after it started. */
export function failedEvent(
  id: string,
  model: string,
  message: string,
  code = 'server_error',
): ResponsesStreamEvent {
  return {
    type: 'response.failed',
    response: responseObject(id, model, 'failed', { error: { code, message } }),
  };
}
