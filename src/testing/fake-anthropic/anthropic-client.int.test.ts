import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from './fake-anthropic-types.js';
import { startFakeAnthropic } from './start-fake-anthropic.js';

// The official client (the one inside the Claude Code CLI) must accept every shape the fake sends.
let fake: FakeAnthropic;
let client: Anthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ baseURL: fake.url, apiKey: 'sk-ant-fake', maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

const params = {
  model: 'claude-test',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'Hi there' }],
};

describe('fake Anthropic with the official client', () => {
  it('accumulates a streamed thinking block and text into the final message', async () => {
    fake.enqueue({
      thinking: 'Let me think.',
      text: 'Answer here.',
      chunks: 3,
      usage: { input_tokens: 42 },
    });
    const deltas: string[] = [];
    const stream = client.messages.stream(params);
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas).toEqual(['Answ', 'er h', 'ere.']);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig_msg_fake_1' },
      { type: 'text', text: 'Answer here.' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(42);
  });

  it('streams a tool call whose input the client parses from input_json_delta', async () => {
    fake.enqueue({ toolUse: { name: 'Bash', input: { command: 'echo hi' }, id: 'toolu_x' } });
    const message = await client.messages.stream(params).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'toolu_x', name: 'Bash', input: { command: 'echo hi' } },
    ]);
  });

  it('echoes the prompt in a non-streaming create', async () => {
    const message = await client.messages.create(params);
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: Hi there' }]);
  });

  it('gives APIErrors with the status and Anthropic error type', async () => {
    fake.enqueue({ error: { status: 529 } }, { error: { status: 429, message: 'slow down' } });
    const first = await client.messages.create(params).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(Anthropic.APIError);
    expect(first).toMatchObject({ status: 529, error: { error: { type: 'overloaded_error' } } });
    const second = await client.messages.create(params).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(Anthropic.RateLimitError);
    expect(String(second)).toContain('slow down');
  });

  it('counts tokens', async () => {
    const count = await client.messages.countTokens(params);
    expect(count.input_tokens).toBeGreaterThan(0);
  });
});
