import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isWritable, sendJson as sendJsonWith } from '../http-fake/send-json.js';
import { SSE_HEADERS } from '../http-fake/sse-headers.js';
import { startHttpFake } from '../http-fake/start-http-fake.js';
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
import { type SseStream, streamResponse, writeEvents } from './sse-writer.js';

const REQUEST_ID_HEADER = 'x-request-id';

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  sendJsonWith(res, status, body, { [REQUEST_ID_HEADER]: requestId });
}

function openStream(res: ServerResponse, requestId: string): SseStream {
  res.writeHead(200, { ...SSE_HEADERS, [REQUEST_ID_HEADER]: requestId });
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
  const queue: FakeResponsesReply[] = [];
  const ids = createIdSource();
  const defaultReply = options.defaultReply ?? defaultFakeResponsesReply;
  const { url, requests, close } = await startHttpFake({
    port: options.port,
    requestIdHeader: REQUEST_ID_HEADER,
    errorBody: (status, _requestId, message) => openAiErrorBody(status, message),
    routes: {
      'POST /v1/responses': (res, request, requestId) =>
        answerResponses(res, request, queue.shift() ?? defaultReply, ids, requestId),
    },
    onUpgrade: refuseUpgrade,
  });

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
    close,
  };
}
