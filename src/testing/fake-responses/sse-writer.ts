import type { ServerResponse } from 'node:http';
import { isWritable } from '../http-fake/send-json.js';
import type { PlannedResponse } from './reply-plan.js';
import { type ResponsesStreamEvent, responseEventGroups } from './response-events.js';

/** Numbers events in stream order (`sequence_number`), one counter per stream. */
export interface SseStream {
  readonly res: ServerResponse;
  nextSequence: number;
}

/** Serialises one event in SSE wire format with its `sequence_number`. */
export function formatSse(event: ResponsesStreamEvent, sequence: number): string {
  return `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`;
}

/** Writes events to the stream; false when the client has gone away. */
export function writeEvents(stream: SseStream, events: readonly ResponsesStreamEvent[]): boolean {
  if (!isWritable(stream.res)) return false;
  const text = events.map((event) => formatSse(event, stream.nextSequence++)).join('');
  stream.res.write(text);
  return true;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isTextDelta = (group: readonly ResponsesStreamEvent[]) =>
  group.length === 1 && group[0]?.type === 'response.output_text.delta';

/** Streams a whole response, pausing `delayMs` between text deltas; stops early if the client leaves. */
export async function streamResponse(stream: SseStream, response: PlannedResponse): Promise<void> {
  let previousWasDelta = false;
  for (const group of responseEventGroups(response)) {
    const delta = isTextDelta(group);
    if (delta && previousWasDelta && response.delayMs > 0) await sleep(response.delayMs);
    if (!writeEvents(stream, group)) return;
    previousWasDelta = delta;
  }
  if (isWritable(stream.res)) stream.res.end();
}
