import type { ServerResponse } from 'node:http';
import { sendJson as sendJsonWith } from '../http-fake/send-json.js';
import { SSE_HEADERS } from '../http-fake/sse-headers.js';
import { startHttpFake } from '../http-fake/start-http-fake.js';
import { anthropicErrorBody } from './anthropic-error-body.js';
import { claudeCodeEnv } from './claude-env.js';
import { defaultFakeAnthropicReply } from './default-reply.js';
import type {
  FakeAnthropic,
  FakeAnthropicOptions,
  FakeAnthropicReply,
  FakeAnthropicRequest,
} from './fake-anthropic-types.js';
import { createIdSource, type IdSource, planReply } from './reply-plan.js';
import { messageJson, messageStartEvent, streamMessage, writeEvents } from './sse-writer.js';

const REQUEST_ID_HEADER = 'request-id';

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  sendJsonWith(res, status, body, { [REQUEST_ID_HEADER]: requestId });
}

function wantsStream(request: FakeAnthropicRequest): boolean {
  return (request.body as { stream?: unknown } | null)?.stream === true;
}

async function answerMessages(
  res: ServerResponse,
  request: FakeAnthropicRequest,
  reply: FakeAnthropicReply,
  ids: IdSource,
  requestId: string,
): Promise<void> {
  const plan = planReply(reply, request, ids);
  const stream = wantsStream(request);
  switch (plan.kind) {
    case 'error':
      sendJson(
        res,
        plan.status,
        anthropicErrorBody(plan.status, requestId, plan.type, plan.message),
        requestId,
      );
      return;
    case 'hang':
      // Nothing more is ever written; the response ends when the client (or close()) destroys it.
      if (stream) {
        res.writeHead(200, { ...SSE_HEADERS, [REQUEST_ID_HEADER]: requestId });
        writeEvents(res, [messageStartEvent(plan.id, plan.model)]);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId });
        res.flushHeaders();
      }
      return;
    case 'disconnect':
      if (stream) {
        res.writeHead(200, { ...SSE_HEADERS, [REQUEST_ID_HEADER]: requestId });
        writeEvents(res, [
          messageStartEvent(plan.id, plan.model),
          {
            event: 'content_block_start',
            data: {
              type: 'content_block_start',
              index: 0,
              content_block: { type: 'text', text: '' },
            },
          },
          {
            event: 'content_block_delta',
            data: {
              type: 'content_block_delta',
              index: 0,
              delta: { type: 'text_delta', text: 'Partial' },
            },
          },
        ]);
      }
      // Let the written bytes leave before the socket goes.
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    case 'message':
      if (!stream) {
        sendJson(res, 200, messageJson(plan.message), requestId);
        return;
      }
      res.writeHead(200, { ...SSE_HEADERS, [REQUEST_ID_HEADER]: requestId });
      await streamMessage(res, plan.message);
      return;
  }
}

function countTokens(body: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(body ?? {}).length / 4));
}

/**
 * Starts a fake Anthropic Messages API on 127.0.0.1 for running the real Claude Code CLI offline.
 * Each `POST /v1/messages` takes the next queued reply (streaming or JSON, as the request asks);
 * with an empty queue the default reply answers. Every request is logged.
 *
 * @example
 * ```ts
 * import { query } from '@anthropic-ai/claude-agent-sdk';
 * import { startFakeAnthropic } from 'agent-session-manager/testing';
 *
 * const fake = await startFakeAnthropic();
 * fake.enqueue({ text: 'Hello there', chunks: 3 });
 * for await (const message of query({
 *   prompt: 'Hi',
 *   options: { env: fake.env({ dir: tmpDir }), settingSources: [], cwd: workspace },
 * })) {
 *   if (message.type === 'result') console.log(message.result); // 'Hello there'
 * }
 * await fake.close();
 * ```
 */
export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const queue: FakeAnthropicReply[] = [];
  const ids = createIdSource();
  const defaultReply = options.defaultReply ?? defaultFakeAnthropicReply;
  const { url, requests, close } = await startHttpFake({
    port: options.port,
    requestIdHeader: REQUEST_ID_HEADER,
    errorBody: (status, requestId, message) =>
      anthropicErrorBody(status, requestId, undefined, message),
    routes: {
      'HEAD /api/hello': (res) => {
        res.writeHead(200);
        res.end();
      },
      'POST /v1/messages/count_tokens': (res, request, requestId) =>
        sendJson(res, 200, { input_tokens: countTokens(request.body) }, requestId),
      'POST /v1/messages': (res, request, requestId) =>
        answerMessages(res, request, queue.shift() ?? defaultReply, ids, requestId),
    },
  });

  return {
    url,
    requests,
    messageRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages'),
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    env: (envOptions) => claudeCodeEnv(url, envOptions),
    close,
  };
}
