import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Options, SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectQuery } from '../fake-anthropic/collect-query.js';
import type { FakeAnthropic, FakeAnthropicReply } from '../fake-anthropic/fake-anthropic-types.js';
import { startFakeAnthropic } from '../fake-anthropic/start-fake-anthropic.js';
import { fakeClaudeEnv } from './fake-claude-env.js';
import { fakeClaudeExecutable } from './fake-claude-executable.js';
import type { FakeClaudeTurn } from './fake-claude-script.js';

// Keeps the fake honest: one scenario through the real CLI (against the fake Anthropic server) and
// through the fake executable must give the same message sequence and the same keys.
let server: FakeAnthropic;
let dir: string;
beforeEach(async () => {
  server = await startFakeAnthropic();
  dir = mkdtempSync(join(tmpdir(), 'fake-claude-parity-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  which: 'real' | 'fake',
  prompt: string,
  turn: FakeClaudeTurn,
  options: Partial<Options> = {},
  interruptOn?: string,
): Promise<SDKMessage[]> {
  const root = join(dir, which);
  const cwd = join(root, 'workspace');
  mkdirSync(cwd, { recursive: true });
  const env = server.env({ dir: root });
  const collected = await collectQuery(
    prompt,
    {
      ...(which === 'fake'
        ? {
            pathToClaudeCodeExecutable: fakeClaudeExecutable(),
            env: fakeClaudeEnv({ turns: [turn] }, env),
          }
        : { env }),
      cwd,
      ...options,
    },
    (message, q) => {
      if (message.type === 'stream_event' && interruptOn === message.event.type) {
        q.interrupt().catch(() => undefined);
      }
    },
  );
  // An error result or an interrupt makes the iterator throw, for both; the messages are compared.
  return collected.messages;
}

/** `type/subtype` (stream events by their event type), runs of deltas counted once. */
function shape(messages: SDKMessage[]): string[] {
  const out: string[] = [];
  for (const m of messages) {
    const r = m as unknown as { type: string; subtype?: string; event?: { type: string } };
    const name =
      r.type === 'stream_event' ? `stream_event/${r.event?.type}` : `${r.type}/${r.subtype ?? ''}`;
    if (name !== out.at(-1) || !name.endsWith('content_block_delta')) out.push(name);
  }
  return out;
}

function keysOf(messages: SDKMessage[], type: string, subtype: string): string[] {
  const found = messages.find(
    (m) => m.type === type && (m as unknown as { subtype?: string }).subtype === subtype,
  );
  expect(found, `${type}/${subtype}`).toBeDefined();
  return Object.keys(found as object).sort();
}

function expectParity(real: SDKMessage[], fake: SDKMessage[], result = 'success'): void {
  expect(shape(fake)).toEqual(shape(real));
  expect(keysOf(fake, 'system', 'init')).toEqual(keysOf(real, 'system', 'init'));
  expect(keysOf(fake, 'result', result)).toEqual(keysOf(real, 'result', result));
  const assistantKeys = (messages: SDKMessage[]) =>
    messages.filter((m) => m.type === 'assistant').map((m) => Object.keys(m).sort());
  expect(assistantKeys(fake)).toEqual(assistantKeys(real));
}

describe('fake Claude executable matches the real CLI', () => {
  it('a text answer', async () => {
    const reply: FakeAnthropicReply = { text: 'Hello from the model.' };
    server.enqueue(reply);
    const real = await run('real', 'hi', { text: 'Hello from the model.' });
    expect(server.messageRequests()).toHaveLength(1);
    const fake = await run('fake', 'hi', { text: 'Hello from the model.' });
    expectParity(real, fake);
  });

  it('a tool round trip approved by canUseTool', async () => {
    const input = { command: 'echo hi > out.txt', description: 'Write a file' };
    server.enqueue({ toolUse: { name: 'Bash', input } }, { text: 'Done.' });
    const asked: string[] = [];
    const options: Partial<Options> = {
      canUseTool: async (name, toolInput) => {
        asked.push(name);
        return { behavior: 'allow', updatedInput: toolInput };
      },
    };
    const real = await run('real', 'write it', { text: 'unused by the real CLI' }, options);
    expect(server.messageRequests()).toHaveLength(2);
    const fake = await run(
      'fake',
      'write it',
      { toolUse: { name: 'Bash', input, output: '' }, text: 'Done.' },
      options,
    );
    expect(asked).toEqual(['Bash', 'Bash']);
    expectParity(real, fake);
    const userTypes = (messages: SDKMessage[]) =>
      messages.filter((m) => m.type === 'user').map((m) => Object.keys(m).sort());
    expect(userTypes(fake)).toEqual(userTypes(real));
  });

  it('an HTTP 429 from the model API', async () => {
    server.enqueue({ error: { status: 429, message: 'slow down' } });
    const real = await run('real', 'hi', { text: 'unused by the real CLI' });
    const fake = await run('fake', 'hi', { error: { status: 429, message: 'slow down' } });
    expectParity(real, fake);
    const errorOf = (messages: SDKMessage[]) =>
      messages.flatMap((m) =>
        m.type === 'assistant'
          ? [[m.error, (m as { api_error_status?: unknown }).api_error_status]]
          : [],
      );
    expect(errorOf(fake)).toEqual(errorOf(real));
  });

  it('interrupt() of an answer that hangs after message_start', async () => {
    server.enqueue({ hang: true });
    const real = await run('real', 'hi', { text: 'unused' }, {}, 'message_start');
    const fake = await run('fake', 'hi', { hang: true }, {}, 'message_start');
    expectParity(real, fake, 'error_during_execution');
  });
});
