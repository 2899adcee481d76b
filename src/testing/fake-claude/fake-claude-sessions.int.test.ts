import { existsSync } from 'node:fs';
import type { SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeSessionFilePath } from '../../adapters/claude/project-dir.js';
import {
  type FakeClaudeDirs,
  makeFakeClaudeDirs,
  readFakeClaudeLog,
  runFakeQuery,
  userInput,
} from './fake-claude-query.js';
import { ofType, onlyResult } from './sdk-message-selectors.js';

let dirs: FakeClaudeDirs;
beforeEach(() => {
  dirs = makeFakeClaudeDirs();
});
afterEach(() => dirs.remove());

describe('fake Claude executable through the real SDK query(): sessions and processes', () => {
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
