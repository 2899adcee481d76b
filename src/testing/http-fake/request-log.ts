import type { IncomingMessage } from 'node:http';
import type { FakeHttpRequest } from './fake-http-request.js';

const REDACTED_HEADERS = new Set(['x-api-key', 'authorization']);

/** Lower-cased headers with credentials replaced by `[redacted]`. */
export function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : text;
  }
  return headers;
}

function parseBody(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** The request-log entry for a request whose body has been read. */
export function loggedRequest(req: IncomingMessage, rawBody: string): FakeHttpRequest {
  const target = req.url ?? '/';
  const mark = target.indexOf('?');
  return Object.freeze({
    method: (req.method ?? 'GET').toUpperCase(),
    path: mark === -1 ? target : target.slice(0, mark),
    query: mark === -1 ? '' : target.slice(mark + 1),
    headers: Object.freeze(redactedHeaders(req)),
    body: parseBody(rawBody),
    at: new Date().toISOString(),
  });
}
