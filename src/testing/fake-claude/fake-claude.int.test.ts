import { existsSync } from 'node:fs';
import type { SDKMessage, SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeClaudeDirs,
  makeFakeClaudeDirs,
  readFakeClaudeLog,
  runFakeQuery,
  userInput,
} from './fake-claude-query.js';
import { claudeSessionFilePath } from './project-dir.js';

type Msg = Record<string, unknown> & { type: string; subtype?: string };
const as = (m: SDKMessage) => m as unknown as Msg;
const ofType = (messages: SDKMessage[], type: string, subtype?: string) =>
  messages
    .map(as)
    .filter((m) => m.type === type && (subtype === undefined || m.subtype === subtype));
const onlyResult = (messages: SDKMessage[]) => {
  const results = ofType(messages, 'result');
  expect(results).toHaveLength(1);
  return results[0] as Msg;
};
const deltas = (messages: SDKMessage[]) =>
  ofType(messages, 'stream_event')
    .map((m) => m.event as { type: string; delta?: { type: string; text?: string } })
    .filter((e) => e.type === 'content_block_delta' && e.delta?.type === 'text_delta')
    .map((e) => e.delta?.text);
const assistantBlocks = (messages: SDKMessage[]) =>
  ofType(messages, 'assistant').flatMap(
    (m) => (m.message as { content: Array<Record<string, unknown>> }).content,
  );
const toolResults = (messages: SDKMessage[]) =>
  ofType(messages, 'user').flatMap((m) =>
    (m.message as { content: Array<Record<string, unknown>> }).content.filter(
      (b) => b.type === 'tool_result',
    ),
  );

let dirs: FakeClaudeDirs;
beforeEach(() => {
  dirs = makeFakeClaudeDirs();
});
afterEach(() => dirs.remove());

describe('fake Claude executable through the real SDK query()', () => {
  it('streams text deltas, the assistant text and a result with usage and cost', async () => {
    const usage = {
      input_tokens: 7,
      output_tokens: 3,
      cache_creation_input_tokens: 1,
      cache_read_input_tokens: 2,
    };
    const { messages, thrown } = await runFakeQuery(
      dirs,
      'hi',
      { turns: [{ text: 'Hello there world', chunks: ['Hel', 'lo ', 'there world'], usage }] },
      { options: { model: 'claude-test-model' } },
    );
    expect(thrown).toBeUndefined();
    const init = ofType(messages, 'system', 'init')[0] as Msg;
    expect(init).toMatchObject({ model: 'claude-test-model', cwd: dirs.cwd });
    expect(typeof init.session_id).toBe('string');
    expect(deltas(messages)).toEqual(['Hel', 'lo ', 'there world']);
    expect(assistantBlocks(messages)).toEqual([{ type: 'text', text: 'Hello there world' }]);
    const result = onlyResult(messages);
    expect(result).toMatchObject({
      subtype: 'success',
      is_error: false,
      result: 'Hello there world',
      num_turns: 1,
      session_id: init.session_id,
      permission_denials: [],
      usage,
    });
    expect(result.total_cost_usd).toBeCloseTo((7 * 3 + 3 * 15 + 1 * 3.75 + 2 * 0.3) / 1e6, 12);
    expect(result.modelUsage).toMatchObject({
      'claude-test-model': { inputTokens: 7, outputTokens: 3 },
    });
  });

  it('sends no stream events without partial messages, and thinking as its own block', async () => {
    const { messages } = await runFakeQuery(
      dirs,
      'hi',
      { turns: [{ text: 'Answer.', thinking: 'Let me think.', costUsd: 0.5 }] },
      { options: { includePartialMessages: false } },
    );
    expect(ofType(messages, 'stream_event')).toEqual([]);
    expect(assistantBlocks(messages).map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(onlyResult(messages)).toMatchObject({ result: 'Answer.', total_cost_usd: 0.5 });
  });

  it('asks canUseTool over stdio; an allowed tool returns its output, then the text', async () => {
    const asked: Array<[string, unknown]> = [];
    const input = { command: 'echo hi > out.txt' };
    const { messages, thrown } = await runFakeQuery(
      dirs,
      'run it',
      { turns: [{ toolUse: { name: 'Bash', input, output: 'hi' }, text: 'It ran.' }] },
      {
        options: {
          canUseTool: async (name, toolInput) => {
            asked.push([name, toolInput]);
            return { behavior: 'allow', updatedInput: toolInput };
          },
        },
      },
    );
    expect(thrown).toBeUndefined();
    expect(asked).toEqual([['Bash', input]]);
    const call = assistantBlocks(messages).find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ name: 'Bash', input });
    expect(toolResults(messages)).toEqual([
      { tool_use_id: call?.id, type: 'tool_result', content: 'hi', is_error: false },
    ]);
    expect(onlyResult(messages)).toMatchObject({
      result: 'It ran.',
      num_turns: 2,
      permission_denials: [],
    });
  });

  it('a denied tool gets the denial as an error tool_result and is listed in permission_denials', async () => {
    const input = { path: 'x' };
    const { messages } = await runFakeQuery(
      dirs,
      'write it',
      { turns: [{ toolUse: { name: 'Write', input, output: 'written' } }] },
      { options: { canUseTool: async () => ({ behavior: 'deny', message: 'not here' }) } },
    );
    const [denied] = toolResults(messages);
    expect(denied).toMatchObject({ content: 'not here', is_error: true });
    expect(onlyResult(messages)).toMatchObject({
      result: 'Done.',
      permission_denials: [
        { tool_name: 'Write', tool_use_id: denied?.tool_use_id, tool_input: input },
      ],
    });
  });

  it('runs a tool without asking when the SDK has no canUseTool', async () => {
    const { messages } = await runFakeQuery(dirs, 'go', {
      turns: [{ toolUse: { name: 'Read', input: {}, output: 'boom', isError: true } }],
    });
    expect(toolResults(messages)).toMatchObject([{ content: 'boom', is_error: true }]);
    expect(readFakeClaudeLog(dirs).some((e) => String(e.stdin).includes('can_use_tool'))).toBe(
      false,
    );
  });

  it.each([
    [401, 'authentication_failed'],
    [403, 'authentication_failed'],
    [429, 'rate_limit'],
    [500, 'server_error'],
    [529, 'server_error'],
  ])(
    'an HTTP %i gives assistant.error %s, an error result, then the iterator throws',
    async (status, kind) => {
      const { messages, thrown } = await runFakeQuery(dirs, 'hi', {
        turns: [{ error: { status, message: 'scripted failure' } }],
      });
      expect(ofType(messages, 'assistant')).toMatchObject([
        { error: kind, api_error_status: status },
      ]);
      expect(onlyResult(messages)).toMatchObject({
        subtype: 'success',
        is_error: true,
        api_error_status: status,
        terminal_reason: 'api_error',
      });
      expect(thrown?.message).toContain(String(status));
      expect(thrown?.message).toContain('scripted failure');
    },
  );

  it('interrupt() ends a hanging turn quickly with terminal_reason aborted_streaming', async () => {
    let interruptedAt = 0;
    let resultAt = 0;
    const { messages, thrown } = await runFakeQuery(
      dirs,
      'hang',
      { turns: [{ hang: true }] },
      {
        onMessage: (m, q) => {
          const event = (m as { event?: { type?: string } }).event;
          if (m.type === 'stream_event' && event?.type === 'message_start') {
            interruptedAt = Date.now();
            q.interrupt().catch(() => undefined);
          }
          if (m.type === 'result') resultAt = Date.now();
        },
      },
    );
    expect(interruptedAt).toBeGreaterThan(0);
    expect(resultAt - interruptedAt).toBeLessThan(1_000);
    expect(onlyResult(messages)).toMatchObject({
      subtype: 'error_during_execution',
      is_error: true,
      terminal_reason: 'aborted_streaming',
    });
    expect(ofType(messages, 'user')).toMatchObject([
      { message: { content: [{ type: 'text', text: '[Request interrupted by user]' }] } },
    ]);
    expect(thrown).toBeInstanceOf(Error);
  });

  it('interrupt() also ends a slow text stream before its end', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => `${i} `);
    const { messages } = await runFakeQuery(
      dirs,
      'slow',
      { turns: [{ text: chunks.join(''), chunks, delayMs: 50 }] },
      {
        onMessage: (m, q) => {
          if (deltas([m]).length > 0) q.interrupt().catch(() => undefined);
        },
      },
    );
    expect(deltas(messages).length).toBeLessThan(chunks.length);
    expect(onlyResult(messages)).toMatchObject({ terminal_reason: 'aborted_streaming' });
  });

  it('interrupt() while canUseTool is pending cancels the request and ends the turn', async () => {
    let cancelled = false;
    let q: { interrupt(): Promise<unknown> } | undefined;
    const { messages } = await runFakeQuery(
      dirs,
      'go',
      { turns: [{ toolUse: { name: 'Bash', input: { command: 'rm x' }, output: '' } }] },
      {
        onMessage: (_m, query) => {
          q = query;
        },
        options: {
          canUseTool: (_name, _input, { signal }) =>
            new Promise((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                cancelled = true;
                reject(new Error('cancelled'));
              });
              q?.interrupt().catch(() => undefined);
            }),
        },
      },
    );
    expect(cancelled).toBe(true);
    expect(toolResults(messages)).toEqual([]);
    expect(onlyResult(messages)).toMatchObject({ terminal_reason: 'aborted_streaming' });
  });

  it('streaming input: after an interrupted turn the next message is answered', async () => {
    let next: (() => void) | undefined;
    let answered = false;
    async function* prompts(): AsyncGenerator<SDKUserMessage> {
      yield userInput('stuck');
      await new Promise<void>((resolve) => {
        next = resolve;
      });
      yield userInput('again');
    }
    const { messages } = await runFakeQuery(
      dirs,
      prompts(),
      { turns: [{ hang: true }, { text: 'Back.' }] },
      {
        onMessage: (m, q) => {
          const event = (m as { event?: { type?: string } }).event;
          if (event?.type === 'message_start' && !answered) q.interrupt().catch(() => undefined);
          if (m.type === 'result') {
            answered = true;
            next?.();
          }
        },
      },
    );
    const results = ofType(messages, 'result');
    expect(results.map((r) => r.terminal_reason)).toEqual(['aborted_streaming', 'completed']);
    expect(results[1]?.result).toBe('Back.');
  });

  it('a crash exits with code 1 and stderr text; the iterator throws', async () => {
    let stderr = '';
    const { thrown } = await runFakeQuery(
      dirs,
      'hi',
      { turns: [{ crash: true }] },
      { options: { stderr: (data) => (stderr += data) } },
    );
    expect(thrown?.message).toMatch(/exited with code 1/);
    expect(stderr).toContain('scripted crash');
  });

  it('resume continues the session from its file: same id, history, cumulative cost', async () => {
    const first = await runFakeQuery(dirs, 'first', { turns: [] });
    const r1 = onlyResult(first.messages);
    const sessionId = String(r1.session_id);
    expect(r1.result).toBe('Echo: first (history: 0)');
    expect(existsSync(claudeSessionFilePath(dirs.config, dirs.cwd, sessionId))).toBe(true);
    const second = await runFakeQuery(
      dirs,
      'second',
      { turns: [] },
      { options: { resume: sessionId } },
    );
    const r2 = onlyResult(second.messages);
    expect(r2).toMatchObject({ session_id: sessionId, result: 'Echo: second (history: 2)' });
    expect(r2.usage).toEqual(r1.usage);
    expect(r2.total_cost_usd).toBeCloseTo(2 * Number(r1.total_cost_usd), 12);
    const model = Object.keys(r1.modelUsage as object)[0] as string;
    expect((r2.modelUsage as Record<string, { inputTokens: number }>)[model]?.inputTokens).toBe(
      2 * (r1.usage as { input_tokens: number }).input_tokens,
    );
    const argv = readFakeClaudeLog(dirs).filter((e) => e.argv !== undefined);
    expect(argv[1]?.argv).toContain(`--resume=${sessionId}`);
  });

  it('resume of an unknown id gives error_during_execution "No conversation found" and throws', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const { messages, thrown } = await runFakeQuery(
      dirs,
      'x',
      { turns: [] },
      { options: { resume: id } },
    );
    expect(onlyResult(messages)).toMatchObject({
      subtype: 'error_during_execution',
      is_error: true,
      errors: [`No conversation found with session ID: ${id}`],
    });
    expect(thrown?.message).toContain('No conversation found');
  });

  it('streaming input: three turns in one process, one result each', async () => {
    let next: (() => void) | undefined;
    async function* prompts(): AsyncGenerator<SDKUserMessage> {
      for (const text of ['one', 'two', 'three']) {
        yield userInput(text);
        await new Promise<void>((resolve) => {
          next = resolve;
        });
      }
    }
    const { messages, thrown } = await runFakeQuery(
      dirs,
      prompts(),
      { turns: [{ text: 'scripted first' }] },
      { onMessage: (m) => m.type === 'result' && next?.() },
    );
    expect(thrown).toBeUndefined();
    const results = ofType(messages, 'result');
    expect(results.map((r) => r.result)).toEqual([
      'scripted first',
      'scripted first',
      'scripted first',
    ]);
    expect(new Set(results.map((r) => r.session_id)).size).toBe(1);
    const costs = results.map((r) => Number(r.total_cost_usd));
    expect(costs[2]).toBeCloseTo(3 * (costs[0] as number), 12);
    const log = readFakeClaudeLog(dirs);
    expect(log.filter((e) => e.argv !== undefined)).toHaveLength(1);
    expect(new Set(log.map((e) => e.pid)).size).toBe(1);
  });

  it('the echo counts earlier messages of the same process', async () => {
    let next: (() => void) | undefined;
    async function* prompts(): AsyncGenerator<SDKUserMessage> {
      yield userInput('a');
      await new Promise<void>((resolve) => {
        next = resolve;
      });
      yield userInput('b');
    }
    const { messages } = await runFakeQuery(
      dirs,
      prompts(),
      { turns: [] },
      {
        onMessage: (m) => m.type === 'result' && next?.(),
      },
    );
    expect(ofType(messages, 'result').map((r) => r.result)).toEqual([
      'Echo: a (history: 0)',
      'Echo: b (history: 2)',
    ]);
  });

  it('logs argv and stdin: model, allowed tools, permission prompt tool, system prompt', async () => {
    await runFakeQuery(
      dirs,
      'hi',
      { turns: [] },
      {
        options: {
          model: 'claude-logged',
          allowedTools: ['Bash', 'Read'],
          systemPrompt: 'You are logged.',
          canUseTool: async (_n, input) => ({ behavior: 'allow', updatedInput: input }),
        },
      },
    );
    const log = readFakeClaudeLog(dirs);
    const argv = log.find((e) => e.argv !== undefined)?.argv as string[];
    expect(argv).toEqual(
      expect.arrayContaining([
        '--model=claude-logged',
        '--allowedTools=Bash,Read',
        '--permission-prompt-tool=stdio',
        '--include-partial-messages',
      ]),
    );
    const stdin = log.flatMap((e) => (typeof e.stdin === 'string' ? [JSON.parse(e.stdin)] : []));
    expect(stdin[0]).toMatchObject({
      type: 'control_request',
      request: { subtype: 'initialize', systemPrompt: ['You are logged.'] },
    });
    expect(stdin.find((l) => l.type === 'user')).toMatchObject({
      message: { content: [{ type: 'text', text: 'hi' }] },
    });
  });
});
