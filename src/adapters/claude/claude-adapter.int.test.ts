import type { CanUseTool } from '@anthropic-ai/claude-agent-sdk';
import { describe, expect, it } from 'vitest';
import {
  argvs,
  flag,
  ofType,
  runIn,
  type StoreKind,
  stdinLines,
  useFakeClaude,
} from '../../../test/support/fake-claude-kit.js';
import { expectRunInvariants } from '../../../test/support/manager-kit.js';

// ClaudeAdapter through SessionManager on the fake Claude executable: what one run streams and
// stores, what reaches the CLI, and tool calls with their permission decisions.

const kit = useFakeClaude();
const STORES: readonly StoreKind[] = ['memory', 'sqlite'];

describe.each(STORES)('a Claude run through SessionManager (%s store)', (kind) => {
  it('streams the deltas in order, then the message, usage, output and cost', async () => {
    const box = kit.box();
    const usage = { input_tokens: 120, output_tokens: 30 };
    const adapter = kit.adapter(
      {
        turns: [
          {
            text: 'One two three four!',
            chunks: ['One ', 'two ', 'three ', 'four!'],
            usage,
            costUsd: 0.0125,
          },
        ],
      },
      {},
      box,
    );
    const store = kit.store(kind);
    const manager = kit.manager(store, adapter);
    const session = await manager.startSession({ agentId: 'streamer' });
    const { run, result, events } = await runIn(manager, session.id, 'Count to four');

    expect(result.status).toBe('completed');
    await expectRunInvariants(store, run.id);
    const streamed = ofType(events, 'message_streamed');
    expect(streamed.map((e) => e.data)).toEqual([
      { delta: 'One ' },
      { delta: 'two ' },
      { delta: 'three ' },
      { delta: 'four!' },
    ]);
    const received = ofType(events, 'message_received');
    expect(received.map((e) => e.data)).toEqual([
      { role: 'assistant', content: 'One two three four!' },
    ]);
    expect(Math.max(...streamed.map((e) => e.seq))).toBeLessThan(received[0]?.seq ?? 0);
    expect(ofType(events, 'token_usage_updated').map((e) => e.data)).toEqual([
      expect.objectContaining({ inputTokens: 120, outputTokens: 30 }),
    ]);
    expect(result.output).toEqual({
      content: 'One two three four!',
      stopReason: 'end_turn',
      toolCalls: [],
    });
    expect(result.tokenUsage).toMatchObject({ inputTokens: 120, outputTokens: 30 });
    expect(result.costUsd).toBeCloseTo(0.0125, 10);
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { costUsd: 0.0125 } });
    const stored = await manager.getSession(session.id);
    expect(stored.providerSessionId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('what reaches the Claude Code CLI', () => {
  it("passes the session's system prompt in the initialize request, and the model and allowed tools as arguments", async () => {
    const box = kit.box();
    const adapter = kit.adapter(
      { turns: [{ text: 'Brief.' }] },
      { model: 'claude-test-model', allowedTools: ['Read', 'Grep'] },
      box,
    );
    const manager = kit.manager(kit.store('memory'), adapter);
    const session = await manager.startSession({
      agentId: 'prompted',
      context: { systemPrompt: 'You are terse. Answer in one word.' },
    });
    const { result, events } = await runIn(manager, session.id, 'Hi');
    expect(result.status).toBe('completed');

    const init = stdinLines(box).find(
      ({ line }) => (line.request as { subtype?: unknown } | undefined)?.subtype === 'initialize',
    );
    expect(JSON.stringify(init?.line.request)).toContain('You are terse. Answer in one word.');
    const [argv = []] = argvs(box);
    expect(flag(argv, 'model')).toBe('claude-test-model');
    expect(flag(argv, 'allowedTools')?.split(',')).toEqual(['Read', 'Grep']);
    expect(ofType(events, 'run_started')[0]?.data).toMatchObject({ model: 'claude-test-model' });
  });

  it('passes disallowedTools, permissionMode and maxTurns as arguments', async () => {
    const box = kit.box();
    const adapter = kit.adapter(
      { turns: [{ text: 'Ok.' }] },
      { disallowedTools: ['Bash', 'Write'], permissionMode: 'acceptEdits', maxTurns: 3 },
      box,
    );
    const manager = kit.manager(kit.store('memory'), adapter);
    const session = await manager.startSession({ agentId: 'args' });
    expect((await runIn(manager, session.id, 'Hi')).result.status).toBe('completed');
    const [argv = []] = argvs(box);
    expect(flag(argv, 'disallowedTools')?.split(',')).toEqual(['Bash', 'Write']);
    expect(flag(argv, 'permission-mode')).toBe('acceptEdits');
    expect(flag(argv, 'max-turns')).toBe('3');
  });

  it('sends no system prompt when the session has none', async () => {
    const box = kit.box();
    const manager = kit.manager(kit.store('memory'), kit.adapter({ turns: [] }, {}, box));
    const session = await manager.startSession({ agentId: 'plain' });
    const { result } = await runIn(manager, session.id, 'Hi');
    expect(result.output?.content).toBe('Echo: Hi (history: 0)');
    const init = stdinLines(box).find(
      ({ line }) => (line.request as { subtype?: unknown } | undefined)?.subtype === 'initialize',
    );
    expect(init).toBeDefined();
    const sent = (init?.line.request as { systemPrompt?: unknown } | undefined)?.systemPrompt;
    expect([sent].flat().filter((text) => typeof text === 'string' && text !== '')).toEqual([]);
    expect(flag(argvs(box)[0] ?? [], 'model')).toBeUndefined();
  });
});

describe('tool calls', () => {
  const toolTurn = {
    toolUse: { name: 'Bash', input: { command: 'ls' }, output: 'a.txt\nb.txt' },
    text: 'Two files.',
  };

  async function toolRun(canUseTool?: CanUseTool, allowedTools?: string[]) {
    const store = kit.store('memory');
    const adapter = kit.adapter(
      { turns: [toolTurn] },
      {
        ...(canUseTool === undefined ? {} : { canUseTool }),
        ...(allowedTools === undefined ? {} : { allowedTools }),
      },
    );
    const manager = kit.manager(store, adapter);
    const session = await manager.startSession({ agentId: 'tools' });
    const out = await runIn(manager, session.id, 'List the files');
    await expectRunInvariants(store, out.run.id);
    return out;
  }

  it('a tool turn gives tool_call_started then tool_call_completed with the same id and output', async () => {
    const { result, events } = await toolRun(undefined, ['Bash']);
    expect(result.status).toBe('completed');
    const [started, ...moreStarted] = ofType(events, 'tool_call_started');
    const [completed, ...moreCompleted] = ofType(events, 'tool_call_completed');
    expect(moreStarted).toEqual([]);
    expect(moreCompleted).toEqual([]);
    expect(started?.data).toEqual({
      toolCallId: expect.stringMatching(/^toolu_/),
      toolName: 'Bash',
      toolInput: { command: 'ls' },
    });
    expect(completed?.data).toMatchObject({
      toolCallId: started?.data.toolCallId,
      toolName: 'Bash',
      toolOutput: 'a.txt\nb.txt',
    });
    expect(started?.seq ?? 0).toBeLessThan(completed?.seq ?? 0);
    // No callback: no decision recorded.
    expect(completed?.metadata.permission).toBeUndefined();
    expect(result.output?.content).toBe('Two files.');
    expect(result.output?.toolCalls).toEqual([
      { toolCallId: started?.data.toolCallId, toolName: 'Bash', toolInput: { command: 'ls' } },
    ]);
  });

  it('canUseTool allowing: the completed tool event carries the decision', async () => {
    const asked: string[] = [];
    const { result, events } = await toolRun(async (name, input) => {
      asked.push(name);
      return { behavior: 'allow', updatedInput: input };
    });
    expect(result.status).toBe('completed');
    expect(asked).toEqual(['Bash']);
    const [completed] = ofType(events, 'tool_call_completed');
    expect(completed?.metadata.permission).toEqual({
      toolName: 'Bash',
      input: { command: 'ls' },
      behavior: 'allow',
    });
    expect(ofType(events, 'tool_call_failed')).toEqual([]);
  });

  it('canUseTool denying: tool_call_failed with the message and the decision; the run completes', async () => {
    const { result, events } = await toolRun(async () => ({
      behavior: 'deny',
      message: 'No shell for you',
    }));
    expect(result.status).toBe('completed');
    expect(ofType(events, 'tool_call_completed')).toEqual([]);
    const [failed, ...more] = ofType(events, 'tool_call_failed');
    expect(more).toEqual([]);
    expect(failed?.data).toMatchObject({ toolName: 'Bash', error: 'No shell for you' });
    expect(failed?.metadata.permission).toEqual({
      toolName: 'Bash',
      input: { command: 'ls' },
      behavior: 'deny',
      message: 'No shell for you',
    });
  });

  it('a throwing canUseTool is recorded as a denial saying why, and the run completes', async () => {
    const { result, events } = await toolRun(async () => {
      throw new Error('policy service down');
    });
    expect(result.status).toBe('completed');
    expect(result.output?.content).toBe('Two files.');
    const [failed] = ofType(events, 'tool_call_failed');
    expect(failed?.data.error).toContain('policy service down');
    expect(failed?.metadata.permission).toMatchObject({
      behavior: 'deny',
      message: expect.stringContaining('canUseTool threw: policy service down'),
    });
  });
});

describe('keeping the session file in the store', () => {
  it('a store that cannot keep it gives a non-fatal storage_error event; the run completes', async () => {
    const store = kit.store('memory');
    const failing = new Proxy(store, {
      get(target, key) {
        if (key === 'saveProviderFile') return async () => Promise.reject(new Error('disk full'));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const manager = kit.manager(failing, kit.adapter({ turns: [{ text: 'Kept?' }] }));
    const session = await manager.startSession({ agentId: 'no-copy' });
    const { run, result, events } = await runIn(manager, session.id, 'Hi');
    expect(result.status).toBe('completed');
    expect(result.output?.content).toBe('Kept?');
    expect(ofType(events, 'error_occurred').map((e) => e.data)).toEqual([
      expect.objectContaining({ errorCode: 'storage_error', fatal: false }),
    ]);
    expect(String(ofType(events, 'error_occurred')[0]?.data.errorMessage)).toContain('disk full');
    await expectRunInvariants(store, run.id);
  });
});
