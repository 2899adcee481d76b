import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ParsedSseEvent, parseSse } from '../http-fake/parse-sse.js';
import type { FakeAnthropic } from './fake-anthropic-types.js';
import { startFakeAnthropic } from './start-fake-anthropic.js';

type SseEvent = ParsedSseEvent;

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic();
});
afterEach(async () => {
  await fake.close();
});

const post = (body: unknown, path = '/v1/messages?beta=true', init: RequestInit = {}) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-secret', ...init.headers },
    body: JSON.stringify(body),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });

const userMessage = (text: string, stream = true) => ({
  model: 'claude-test',
  stream,
  max_tokens: 100,
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
});

const deltaTexts = (events: SseEvent[]) =>
  events.flatMap((e) => {
    const delta = e.data.delta as { type?: string; text?: string } | undefined;
    return delta?.type === 'text_delta' ? [delta.text] : [];
  });

describe('startFakeAnthropic', () => {
  it('listens on 127.0.0.1 with a url without trailing slash', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('streams a queued text reply as Anthropic SSE in the requested number of deltas', async () => {
    fake.enqueue({ text: 'Hello from the fake', chunks: 3 });
    const res = await post(userMessage('Hi'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(deltaTexts(events).join('')).toBe('Hello from the fake');
    expect(events[0]?.data).toMatchObject({ message: { model: 'claude-test', role: 'assistant' } });
    expect(events[6]?.data).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it('answers a non-streaming request with a JSON message', async () => {
    fake.enqueue({ toolUse: { name: 'Bash', input: { command: 'echo hi' } } });
    const res = await post(userMessage('Run', false));
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({
      type: 'message',
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo hi' } }],
    });
  });

  it('takes queued replies in order, then the default echo, then Done. after a tool result', async () => {
    fake.enqueue({ text: 'one' }, { text: 'two' });
    const texts: string[] = [];
    for (const prompt of ['a', 'b', 'c']) {
      texts.push(deltaTexts(parseSse(await (await post(userMessage(prompt))).text())).join(''));
    }
    const afterTool = await post({
      stream: true,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] },
      ],
    });
    texts.push(deltaTexts(parseSse(await afterTool.text())).join(''));
    expect(texts).toEqual(['one', 'two', 'Echo: c', 'Done.']);
  });

  it('uses the defaultReply option when the queue is empty', async () => {
    await fake.close();
    fake = await startFakeAnthropic({ defaultReply: () => ({ text: 'custom' }) });
    const body = await (await post(userMessage('x', false))).json();
    expect(body).toMatchObject({ content: [{ type: 'text', text: 'custom' }] });
  });

  it('answers HTTP errors with Anthropic error bodies', async () => {
    fake.enqueue(
      { error: { status: 401 } },
      { error: { status: 529 } },
      { error: { status: 400, type: 'invalid_request_error', message: 'bad' } },
    );
    const results = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(userMessage('x'));
      results.push({ status: res.status, body: (await res.json()) as { request_id?: string } });
    }
    expect(results.map((r) => r.status)).toEqual([401, 529, 400]);
    expect(results[0]?.body).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
    expect(results[1]?.body).toMatchObject({ error: { type: 'overloaded_error' } });
    expect(results[2]?.body).toMatchObject({
      error: { type: 'invalid_request_error', message: 'bad' },
    });
    expect(String(results[0]?.body.request_id)).toMatch(/^req_fake_/);
  });

  it('answers HEAD /api/hello, count_tokens, and 404 for anything else', async () => {
    expect((await fetch(`${fake.url}/api/hello`, { method: 'HEAD' })).status).toBe(200);
    const count = await post(userMessage('count me'), '/v1/messages/count_tokens?beta=true');
    expect(count.status).toBe(200);
    expect(((await count.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    const missing = await fetch(`${fake.url}/v1/models`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: 'Not found: GET /v1/models' },
    });
  });

  it('logs every request with path, query, parsed body and redacted credentials', async () => {
    await post(userMessage('logged'), '/v1/messages?beta=true', {
      headers: { authorization: 'Bearer token' },
    });
    await fetch(`${fake.url}/api/hello`, { method: 'HEAD' });
    expect(fake.requests).toHaveLength(2);
    const [first] = fake.messageRequests();
    expect(fake.messageRequests()).toHaveLength(1);
    expect(first).toMatchObject({ method: 'POST', path: '/v1/messages', query: 'beta=true' });
    expect(first?.headers['x-api-key']).toBe('[redacted]');
    expect(first?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(fake.requests)).not.toContain('sk-secret');
    expect(first?.body).toEqual(userMessage('logged'));
    expect(Number.isNaN(Date.parse(first?.at ?? ''))).toBe(false);
    expect(fake.requests[1]).toMatchObject({ method: 'HEAD', path: '/api/hello', body: null });
  });

  it('spaces deltas by delayMs', async () => {
    fake.enqueue({ text: 'abcd', chunks: 4, delayMs: 60 });
    const started = Date.now();
    const events = parseSse(await (await post(userMessage('x'))).text());
    expect(deltaTexts(events)).toEqual(['a', 'b', 'c', 'd']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('destroys the socket mid-stream on disconnect, and keeps serving', async () => {
    fake.enqueue({ disconnect: true });
    const res = await post(userMessage('x'));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const next = await post(userMessage('again'));
    expect(deltaTexts(parseSse(await next.text())).join('')).toBe('Echo: again');
  });

  it('survives a client that goes away during a slow stream', async () => {
    fake.enqueue({ text: 'slow stream', chunks: 5, delayMs: 50 });
    const controller = new AbortController();
    const res = await post(userMessage('x'), undefined, { signal: controller.signal });
    controller.abort();
    await expect(res.text()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await post(userMessage('still here'));
    expect(deltaTexts(parseSse(await next.text())).join('')).toBe('Echo: still here');
  });

  it('hangs after message_start until close(), which ends the hanging stream quickly', async () => {
    fake.enqueue({ hang: true });
    const res = await post(userMessage('x'));
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(parseSse(first).map((e) => e.event)).toEqual(['message_start']);
    const pending = reader.read();
    const raced = await Promise.race([
      pending.then(() => 'data'),
      new Promise((resolve) => setTimeout(() => resolve('still hanging'), 200)),
    ]);
    expect(raced).toBe('still hanging');
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(pending).rejects.toThrow();
  });
});

describe('env', () => {
  it('points the CLI at the fake only and creates its dirs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-anthropic-env-'));
    try {
      const env = fake.env({ dir });
      expect(env).toEqual({
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: 'sk-ant-fake',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        CLAUDE_CODE_MAX_RETRIES: '0',
        CLAUDE_CONFIG_DIR: join(dir, 'config'),
        HOME: join(dir, 'home'),
        CLAUDE_CODE_TMPDIR: join(dir, 'tmp'),
        PATH: process.env.PATH,
      });
      for (const sub of ['config', 'home', 'tmp']) expect(existsSync(join(dir, sub))).toBe(true);
      expect(fake.env({ dir, apiKey: 'sk-other' }).ANTHROPIC_API_KEY).toBe('sk-other');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
