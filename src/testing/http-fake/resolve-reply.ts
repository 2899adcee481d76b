import type { FakeHttpRequest } from './fake-http-request.js';

const MAX_FUNCTION_DEPTH = 10;

/** A reply type without its reply-function member: what is left once every function has been called. */
export type PlainReply<Reply> = Exclude<Reply, (request: FakeHttpRequest) => unknown>;

/**
 * Calls reply functions until a plain reply remains. Returns a message naming the problem
 * instead when a function throws or they nest more than 10 deep; `server` names the fake
 * (`Anthropic`, `Responses`) in that message.
 */
export function resolveReply<Reply extends object>(
  reply: Reply,
  request: FakeHttpRequest,
  server: string,
): PlainReply<Reply> | string {
  let current: unknown = reply;
  for (let depth = 0; typeof current === 'function'; depth++) {
    if (depth >= MAX_FUNCTION_DEPTH) return `Fake ${server} reply functions nest too deep`;
    try {
      current = (current as (request: FakeHttpRequest) => unknown)(request);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return `Fake ${server} reply function threw: ${text}`;
    }
  }
  return current as PlainReply<Reply>;
}
