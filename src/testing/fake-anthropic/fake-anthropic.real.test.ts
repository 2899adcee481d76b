import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Options, Query, SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectQuery } from './collect-query.js';
import type { FakeAnthropic } from './fake-anthropic-types.js';
import { startFakeAnthropic } from './start-fake-anthropic.js';

// The real Claude Code CLI (inside @anthropic-ai/claude-agent-sdk) against the fake, offline.
let fake: FakeAnthropic;
let dir: string;
beforeEach(async () => {
  fake = await startFakeAnthropic();
  dir = mkdtempSync(join(tmpdir(), 'fake-anthropic-real-'));
  mkdirSync(join(dir, 'workspace'));
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Collected {
  messages: SDKMessage[];
  thrown: unknown;
  firstDeltaMs: number | undefined;
  totalMs: number;
}

async function collect(
  prompt: string,
  options: Partial<Options> = {},
  onMessage?: (message: SDKMessage, q: Query) => void,
): Promise<Collected> {
  const started = Date.now();
  let firstDeltaMs: number | undefined;
  const { messages, thrown } = await collectQuery(
    prompt,
    { env: fake.env({ dir }), cwd: join(dir, 'workspace'), ...options },
    (message, q) => {
      if (
        firstDeltaMs === undefined &&
        message.type === 'stream_event' &&
        message.event.type === 'content_block_delta'
      ) {
        firstDeltaMs = Date.now() - started;
      }
      onMessage?.(message, q);
    },
  );
  return { messages, thrown, firstDeltaMs, totalMs: Date.now() - started };
}

const textDeltas = (messages: readonly SDKMessage[]) =>
  messages.flatMap((m) =>
    m.type === 'stream_event' &&
    m.event.type === 'content_block_delta' &&
    m.event.delta.type === 'text_delta'
      ? [m.event.delta.text]
      : [],
  );

const assistantText = (messages: readonly SDKMessage[]) =>
  messages
    .flatMap((m) => (m.type === 'assistant' ? m.message.content : []))
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('');

const resultOf = (messages: readonly SDKMessage[]) => {
  const result = messages.find((m) => m.type === 'result');
  if (result?.type !== 'result') throw new Error('no result message');
  return result;
};

describe('the real Claude Code CLI against startFakeAnthropic', () => {
  it('streams text as stream_event deltas, then the full text in the assistant message and result', async () => {
    fake.enqueue({ text: 'Hello from the fake model.', chunks: 3 });
    const run = await collect('Say hello');
    expect(run.thrown).toBeUndefined();
    expect(textDeltas(run.messages)).toEqual(['Hello fr', 'om the fa', 'ke model.']);
    expect(assistantText(run.messages)).toBe('Hello from the fake model.');
    const result = resultOf(run.messages);
    expect(result).toMatchObject({ subtype: 'success', is_error: false });
    expect(result.subtype === 'success' && result.result).toBe('Hello from the fake model.');
    const [request, ...others] = fake.messageRequests();
    expect(others).toEqual([]);
    expect(fake.requests).toHaveLength(1); // no HEAD /api/hello, no count_tokens, no telemetry
    expect(request).toMatchObject({ path: '/v1/messages', query: 'beta=true' });
    expect(request?.headers['x-api-key']).toBe('[redacted]');
    expect(request?.body).toMatchObject({ stream: true });
    console.info(`CLI start to first delta: ${run.firstDeltaMs} ms, whole query ${run.totalMs} ms`);
  });

  it('echoes the prompt by default', async () => {
    const run = await collect('What did I say?');
    const result = resultOf(run.messages);
    expect(result.subtype === 'success' && result.result).toBe('Echo: What did I say?');
  });

  it('runs a Bash tool and sends its tool_result to the model in the second request', async () => {
    fake.enqueue({ toolUse: { name: 'Bash', input: { command: 'echo hi' } } });
    const run = await collect('Run echo hi');
    expect(run.thrown).toBeUndefined();
    const result = resultOf(run.messages);
    expect(result.subtype === 'success' && result.result).toBe('Done.');
    const requests = fake.messageRequests();
    expect(requests).toHaveLength(2);
    const body = requests[1]?.body as
      | { messages: { role: string; content: unknown }[] }
      | undefined;
    const messages = body?.messages ?? [];
    const lastUser = messages.filter((m) => m.role === 'user').at(-1);
    expect(lastUser?.content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'tool_result',
          tool_use_id: 'toolu_fake_1',
          content: 'hi',
        }),
      ]),
    );
  });

  it.each([401, 403, 429, 500, 529])(
    'turns HTTP %i into an assistant error, an error result with its status, then a throw',
    async (status) => {
      fake.enqueue({ error: { status } });
      const run = await collect('Say hello');
      const assistant = run.messages.find((m) => m.type === 'assistant');
      expect(assistant?.type === 'assistant' && assistant.error).toEqual(expect.any(String));
      expect(resultOf(run.messages)).toMatchObject({ is_error: true, api_error_status: status });
      expect(run.thrown).toBeInstanceOf(Error);
      expect(String(run.thrown)).toContain(String(status));
      expect(fake.messageRequests()).toHaveLength(1);
    },
  );

  it('ends a hanging turn fast on interrupt()', async () => {
    fake.enqueue({ hang: true });
    let interruptedAt = 0;
    const run = await collect('Say hello slowly', {}, (message, q) => {
      if (message.type === 'stream_event' && message.event.type === 'message_start') {
        interruptedAt = Date.now();
        q.interrupt().catch(() => {});
      }
    });
    expect(interruptedAt).toBeGreaterThan(0);
    const endedMs = Date.now() - interruptedAt;
    console.info(`interrupt() to the end of the iterator: ${endedMs} ms`);
    expect(endedMs).toBeLessThan(5_000);
    expect(resultOf(run.messages)).toMatchObject({
      is_error: true,
      terminal_reason: 'aborted_streaming',
    });
    expect(run.thrown).toBeInstanceOf(Error);
  });

  it('sends the first run messages again on resume', async () => {
    const first = await collect('Remember blue');
    const init = first.messages.find((m) => m.type === 'system' && m.subtype === 'init');
    if (init === undefined) throw new Error('no system/init');
    const second = await collect('What colour?', { resume: init.session_id });
    expect(second.thrown).toBeUndefined();
    expect(second.messages.find((m) => m.type === 'system')?.session_id).toBe(init.session_id);
    const body = JSON.stringify(fake.messageRequests()[1]?.body);
    expect(body).toContain('Remember blue');
    expect(body).toContain('Echo: Remember blue');
    expect(body).toContain('What colour?');
  });
});
