/** One Server-Sent Event as a test reads it back: its `event:` name and its `data:` JSON. */
export interface ParsedSseEvent<Data = Record<string, unknown>> {
  readonly event: string;
  readonly data: Data;
}

/**
 * Reads an SSE body (frames separated by a blank line) back into events, so tests can check what
 * a fake server streamed. A frame without `data:` gives `null` data.
 *
 * @example
 * ```ts
 * parseSse('event: ping\ndata: {"n":1}\n\n'); // [{ event: 'ping', data: { n: 1 } }]
 * ```
 */
export function parseSse<Data = Record<string, unknown>>(text: string): ParsedSseEvent<Data>[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as Data };
    });
}
