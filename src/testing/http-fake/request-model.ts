import type { FakeHttpRequest } from './fake-http-request.js';

/** The `model` a request body names, or `fallback` when it names none. */
export function requestModel(request: FakeHttpRequest, fallback: string): string {
  const model = (request.body as { model?: unknown } | null)?.model;
  return typeof model === 'string' && model !== '' ? model : fallback;
}
