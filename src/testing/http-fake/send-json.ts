import type { ServerResponse } from 'node:http';

/** Whether writing to `res` is still possible (the client has not gone away). */
export function isWritable(res: ServerResponse): boolean {
  return !res.destroyed && !res.writableEnded;
}

/**
 * Answers with `body` as JSON (with its `content-length`) and the given extra headers, such as
 * the server's request-id header. Does nothing when the client has gone away.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): void {
  if (!isWritable(res)) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
