import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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
import { loggedRequest } from './request-log.js';
import {
  isWritable,
  messageJson,
  messageStartEvent,
  streamMessage,
  writeEvents,
} from './sse-writer.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  if (!isWritable(res)) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': requestId,
  });
  res.end(text);
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
        res.writeHead(200, { ...SSE_HEADERS, 'request-id': requestId });
        writeEvents(res, [messageStartEvent(plan.id, plan.model)]);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
        res.flushHeaders();
      }
      return;
    case 'disconnect':
      if (stream) {
        res.writeHead(200, { ...SSE_HEADERS, 'request-id': requestId });
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
      res.writeHead(200, { ...SSE_HEADERS, 'request-id': requestId });
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
  const requests: FakeAnthropicRequest[] = [];
  const queue: FakeAnthropicReply[] = [];
  const sockets = new Set<Socket>();
  const ids = createIdSource();
  const defaultReply = options.defaultReply ?? defaultFakeAnthropicReply;
  let requestCount = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    requestCount += 1;
    const requestId = `req_fake_${requestCount}`;
    const request = loggedRequest(req, raw);
    requests.push(request);
    const { method, path } = request;
    if (method === 'HEAD' && path === '/api/hello') {
      res.writeHead(200);
      res.end();
    } else if (method === 'POST' && path === '/v1/messages/count_tokens') {
      sendJson(res, 200, { input_tokens: countTokens(request.body) }, requestId);
    } else if (method === 'POST' && path === '/v1/messages') {
      await answerMessages(res, request, queue.shift() ?? defaultReply, ids, requestId);
    } else {
      const message = `Not found: ${method} ${path}`;
      sendJson(res, 404, anthropicErrorBody(404, requestId, 'not_found_error', message), requestId);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => res.destroy());
    res.on('error', () => {});
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        if (!res.headersSent)
          sendJson(res, 500, anthropicErrorBody(500, 'req_fake', 'api_error', text), 'req_fake');
        else res.destroy();
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    requests,
    messageRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages'),
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    env: (envOptions) => claudeCodeEnv(url, envOptions),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
