import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeClaudeDirs,
  makeFakeClaudeDirs,
  readFakeClaudeLog,
  runFakeQuery,
} from './fake-claude-query.js';
import type { Msg } from './sdk-message-selectors.js';
import {
  assistantBlocks,
  textDeltas as deltas,
  ofType,
  onlyResult,
  toolResults,
} from './sdk-message-selectors.js';

let dirs: FakeClaudeDirs;
beforeEach(() => {
  dirs = makeFakeClaudeDirs();
});
afterEach(() => dirs.remove());

describe('fake Claude executable through the real SDK query(): turns', () => {
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
});
