import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { loggedRequest } from '../fake-anthropic/request-log.js';
import { fakeCodexConfig, fakeCodexEnv } from './codex-env.js';
import { defaultFakeResponsesReply } from './default-reply.js';
import type {
  FakeResponses,
  FakeResponsesOptions,
  FakeResponsesReply,
  FakeResponsesRequest,
} from './fake-responses-types.js';
import { openAiErrorBody } from './openai-error-body.js';
import { createIdSource, type IdSource, planReply } from './reply-plan.js';
import { createdEvent, failedEvent } from './response-events.js';
import {
  isWritable,
  SSE_HEADERS,
  type SseStream,
  streamResponse,
  writeEvents,
} from './sse-writer.js';

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  if (!isWritable(res)) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
  });
  res.end(text);
}

function openStream(res: ServerResponse, requestId: string): SseStream {
  res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': requestId });
  return { res, nextSequence: 0 };
}

async function answerResponses(
  res: ServerResponse,
  request: FakeResponsesRequest,
  reply: FakeResponsesReply,
  ids: IdSource,
  requestId: string,
): Promise<void> {
  const plan = planReply(reply, request, ids);
  switch (plan.kind) {
    case 'error':
      sendJson(res, plan.status, openAiErrorBody(plan.status, plan.message, plan.code), requestId);
      return;
    case 'failed': {
      const stream = openStream(res, requestId);
      writeEvents(stream, [
        createdEvent(plan.id, plan.model),
        failedEvent(plan.id, plan.model, plan.message, plan.code),
      ]);
      if (isWritable(res)) res.end();
      return;
    }
    case 'hang':
      // Nothing more is ever written; the response ends when the client (or close()) destroys it.
      writeEvents(openStream(res, requestId), [createdEvent(plan.id, plan.model)]);
      return;
    case 'disconnect': {
      const item_id = `${plan.id}_msg`;
      const at = { item_id, output_index: 0, content_index: 0 };
      writeEvents(openStream(res, requestId), [
        createdEvent(plan.id, plan.model),
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: {
            id: item_id,
            type: 'message',
            status: 'in_progress',
            role: 'assistant',
            content: [],
          },
        },
        {
          type: 'response.content_part.added',
          ...at,
          part: { type: 'output_text', text: '', annotations: [] },
        },
        { type: 'response.output_text.delta', ...at, delta: 'Partial' },
      ]);
      // Let the written bytes leave before the socket goes.
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    case 'response':
      await streamResponse(openStream(res, requestId), plan.response);
      return;
  }
}

function refuseUpgrade(socket: Duplex): void {
  const body = JSON.stringify(
    openAiErrorBody(426, 'WebSocket is not supported; use HTTP streaming'),
  );
  socket.end(
    'HTTP/1.1 426 Upgrade Required\r\nconnection: close\r\ncontent-type: application/json\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Starts a fake OpenAI Responses API on 127.0.0.1 for running the real Codex CLI offline.
 * Each `POST /v1/responses` takes the next queued reply, streamed as Responses SSE; with an empty
 * queue the default reply answers. A WebSocket upgrade gets 426, so the CLI streams over HTTP.
 * Every request is logged.
 *
 * @example
 * ```ts
 * import { Codex } from '@openai/codex-sdk';
 * import { startFakeResponses } from 'agent-session-manager/testing';
 *
 * const fake = await startFakeResponses();
 * fake.enqueue({ command: 'echo hi' }, { text: 'It printed hi.' });
 * const codex = new Codex({ config: fake.codexConfig(), env: fake.env({ dir: tmpDir }) });
 * const thread = codex.startThread({ workingDirectory: tmpDir, skipGitRepoCheck: true, model: 'gpt-5.5' });
 * const turn = await thread.run('Run echo hi');
 * console.log(turn.finalResponse); // 'It printed hi.'
 * await fake.close();
 * ```
 */
export async function startFakeResponses(
  options: FakeResponsesOptions = {},
): Promise<FakeResponses> {
  const requests: FakeResponsesRequest[] = [];
  const queue: FakeResponsesReply[] = [];
  const sockets = new Set<Duplex>();
  const ids = createIdSource();
  const defaultReply = options.defaultReply ?? defaultFakeResponsesReply;
  let requestCount = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    requestCount += 1;
    const requestId = `req_fake_${requestCount}`;
    const request: FakeResponsesRequest = loggedRequest(req, raw);
    requests.push(request);
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/responses') {
      await answerResponses(res, request, queue.shift() ?? defaultReply, ids, requestId);
    } else {
      const body = openAiErrorBody(404, `Not found: ${method} ${path}`);
      sendJson(res, 404, body, requestId);
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
        if (!res.headersSent) sendJson(res, 500, openAiErrorBody(500, text), 'req_fake');
        else res.destroy();
      });
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    requests.push(loggedRequest(req, ''));
    socket.on('error', () => {});
    refuseUpgrade(socket);
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
    responseRequests: () =>
      requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses'),
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    codexConfig: () => fakeCodexConfig(url),
    env: (envOptions) => fakeCodexEnv(envOptions),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
