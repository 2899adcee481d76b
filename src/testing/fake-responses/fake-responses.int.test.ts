import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ParsedSseEvent, parseSse } from '../http-fake/parse-sse.js';
import type { FakeResponses } from './fake-responses-types.js';
import { startFakeResponses } from './start-fake-responses.js';

type SseEvent = ParsedSseEvent<Record<string, unknown> & { type: string }>;

let fake: FakeResponses;
beforeEach(async () => {
  fake = await startFakeResponses();
});
afterEach(async () => {
  await fake.close();
});

const post = (body: unknown, init: { signal?: AbortSignal } = {}) =>
  fetch(`${fake.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-secret' },
    body: JSON.stringify(body),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });

const userInput = (text: string, extra: unknown[] = [], tools: unknown[] = []) => ({
  model: 'gpt-test',
  stream: true,
  tools,
  input: [
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: '<environment_context>cwd</environment_context>' }],
    },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    ...extra,
  ],
});

const events = async (res: Response) => parseSse<SseEvent['data']>(await res.text());
const types = (list: SseEvent[]) => list.map((e) => e.data.type);
const deltas = (list: SseEvent[]) =>
  list.flatMap((e) => (e.data.type === 'response.output_text.delta' ? [e.data.delta] : []));
const completed = (list: SseEvent[]) =>
  list.find((e) => e.data.type === 'response.completed')?.data.response as
    | { output: Record<string, unknown>[]; usage: Record<string, unknown>; model: string }
    | undefined;

describe('startFakeResponses', () => {
  it('listens on 127.0.0.1 with a url without trailing slash', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('streams a text reply as Responses SSE with numbered events, deltas and usage', async () => {
    fake.enqueue({
      text: 'Hello from the fake',
      chunks: 3,
      usage: { input_tokens: 40, cached_input_tokens: 8, output_tokens: 5 },
    });
    const res = await post(userInput('Hi'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const list = await events(res);
    expect(types(list)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(list.every((e) => e.event === e.data.type)).toBe(true);
    expect(list.map((e) => e.data.sequence_number)).toEqual(list.map((_, i) => i));
    expect(deltas(list).join('')).toBe('Hello from the fake');
    const response = completed(list);
    expect(response?.model).toBe('gpt-test');
    expect(response?.output).toEqual([
      expect.objectContaining({
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Hello from the fake', annotations: [] }],
      }),
    ]);
    expect(response?.usage).toEqual({
      input_tokens: 40,
      input_tokens_details: { cached_tokens: 8 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 45,
    });
  });

  it('sends a reasoning summary item before the message', async () => {
    fake.enqueue({ reasoning: 'Let me think.', text: 'Answer.' });
    const list = await events(await post(userInput('Hi')));
    expect(completed(list)?.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(completed(list)?.output[0]).toMatchObject({
      summary: [{ type: 'summary_text', text: 'Let me think.' }],
    });
    expect(types(list)).toContain('response.reasoning_summary_text.delta');
  });

  it('asks for a command in the shape of the declared shell tool', async () => {
    fake.enqueue({ command: 'echo hi' }, { command: 'ls', text: 'Listing.' });
    const execTool = [{ type: 'function', name: 'exec_command' }];
    const first = completed(await events(await post(userInput('Run', [], execTool))));
    expect(first?.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        name: 'exec_command',
        arguments: '{"cmd":"echo hi"}',
        call_id: expect.stringMatching(/^call_fake_\d+$/),
      }),
    ]);
    const shellTool = [{ type: 'function', name: 'shell' }];
    const second = completed(await events(await post(userInput('Run', [], shellTool))));
    expect(second?.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(second?.output[1]).toMatchObject({
      name: 'shell',
      arguments: JSON.stringify({ command: ['bash', '-lc', 'ls'] }),
    });
  });

  it('sends apply_patch as a custom tool call, streaming its input', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch';
    fake.enqueue({ patch });
    const tools = [{ type: 'custom', name: 'apply_patch' }];
    const list = await events(await post(userInput('Patch', [], tools)));
    expect(types(list)).toContain('response.custom_tool_call_input.delta');
    expect(completed(list)?.output).toEqual([
      expect.objectContaining({ type: 'custom_tool_call', name: 'apply_patch', input: patch }),
    ]);
  });

  it('takes queued replies in order, then echoes, then says Done. after a tool output', async () => {
    fake.enqueue({ text: 'queued' });
    const text = async (body: unknown) => {
      const output = completed(await events(await post(body)))?.output[0] as
        | { content: { text: string }[] }
        | undefined;
      return output?.content[0]?.text;
    };
    expect(await text(userInput('one'))).toBe('queued');
    expect(await text(userInput('two'))).toBe('Echo: two');
    const afterTool = [
      { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'hi' },
    ];
    expect(await text(userInput('three', afterTool))).toBe('Done.');
  });

  it('uses the defaultReply option when the queue is empty, and calls reply functions', async () => {
    await fake.close();
    fake = await startFakeResponses({
      defaultReply: (request) => ({ text: `model ${(request.body as { model: string }).model}` }),
    });
    fake.enqueue(() => {
      throw new Error('no reply for you');
    });
    const failed = await post(userInput('Hi'));
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({
      error: { message: 'Fake Responses reply function threw: no reply for you' },
    });
    const list = await events(await post(userInput('Hi')));
    expect(deltas(list)).toEqual(['model gpt-test']);
  });

  it.each([
    [401, 'invalid_request_error', 'invalid_api_key'],
    [429, 'requests', 'rate_limit_exceeded'],
    [500, 'server_error', null],
    [503, 'server_error', 'service_unavailable'],
  ])('answers HTTP %i with an OpenAI error body', async (status, type, code) => {
    fake.enqueue({ error: { status } });
    const res = await post(userInput('Hi'));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error: { message: `Fake Responses error ${status}`, type, param: null, code },
    });
  });

  it('keeps a given error message and code', async () => {
    fake.enqueue({ error: { status: 429, code: 'insufficient_quota', message: 'No quota' } });
    const res = await post(userInput('Hi'));
    expect(await res.json()).toMatchObject({
      error: { message: 'No quota', code: 'insufficient_quota' },
    });
  });

  it('answers failed with status 200 and a response.failed event', async () => {
    fake.enqueue({ failed: { message: 'Broke', code: 'server_error' } });
    const res = await post(userInput('Hi'));
    expect(res.status).toBe(200);
    const list = await events(res);
    expect(types(list)).toEqual(['response.created', 'response.failed']);
    expect(list[1]?.data).toMatchObject({
      response: { status: 'failed', error: { code: 'server_error', message: 'Broke' } },
    });
  });

  it('answers a WebSocket upgrade with 426 and other paths with 404 JSON', async () => {
    const upgrade = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${fake.url}/v1/responses`, {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(upgrade).toBe(426);
    const missing = await fetch(`${fake.url}/v1/models`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: 'Not found: GET /v1/models' } });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/responses',
      'GET /v1/models',
    ]);
    expect(fake.responseRequests()).toEqual([]);
  });

  it('logs every request with path, query, parsed body and redacted credentials', async () => {
    await post(userInput('Hi'));
    await fetch(`${fake.url}/v1/other?x=1`, { method: 'POST', body: 'not json' });
    const [first, second] = fake.requests;
    expect(first).toMatchObject({ method: 'POST', path: '/v1/responses', query: '' });
    expect(first?.headers.authorization).toBe('[redacted]');
    expect(first?.body).toMatchObject({ model: 'gpt-test' });
    expect(new Date(first?.at ?? '').getTime()).not.toBeNaN();
    expect(second).toMatchObject({ path: '/v1/other', query: 'x=1', body: null });
    expect(fake.responseRequests()).toEqual([first]);
  });

  it('spaces deltas by delayMs', async () => {
    fake.enqueue({ text: 'abcd', chunks: 4, delayMs: 60 });
    const started = Date.now();
    const list = await events(await post(userInput('Hi')));
    expect(deltas(list)).toEqual(['a', 'b', 'c', 'd']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(170);
  });

  it('destroys the socket mid-stream on disconnect, and keeps serving', async () => {
    fake.enqueue({ disconnect: true });
    const res = await post(userInput('Hi'));
    await expect(res.text()).rejects.toThrow();
    const list = await events(await post(userInput('again')));
    expect(deltas(list)).toEqual(['Echo: again']);
  });

  it('survives a client that goes away during a slow stream', async () => {
    fake.enqueue({ text: 'slow text here', chunks: 10, delayMs: 50 });
    const controller = new AbortController();
    const res = await post(userInput('Hi'), { signal: controller.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deltas(await events(await post(userInput('still here'))))).toEqual(['Echo: still here']);
  });

  it('hangs after response.created until close(), which ends the hanging stream quickly', async () => {
    fake.enqueue({ hang: true });
    const res = await post(userInput('Hi'));
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('response.created');
    const rest = reader?.read();
    const started = Date.now();
    await fake.close();
    await expect(rest).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives the Codex provider config and environment for this server only', () => {
    expect(fake.codexConfig()).toEqual({
      model_provider: 'fake',
      model_providers: {
        fake: {
          name: 'Fake Responses API',
          base_url: `${fake.url}/v1`,
          wire_api: 'responses',
          env_key: 'FAKE_KEY',
          request_max_retries: 0,
          stream_max_retries: 0,
        },
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'fake-responses-env-'));
    try {
      const env = fake.env({ dir, apiKey: 'sk-mine' });
      expect(env).toMatchObject({
        CODEX_HOME: join(dir, 'codex-home'),
        HOME: join(dir, 'home'),
        FAKE_KEY: 'sk-mine',
      });
      expect(env.PATH).toBe(process.env.PATH);
      expect(existsSync(env.CODEX_HOME ?? '')).toBe(true);
      expect(existsSync(env.HOME ?? '')).toBe(true);
      expect(fake.env({ dir }).FAKE_KEY).toBe('sk-fake');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
