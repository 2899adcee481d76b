import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  argAfter,
  argvs,
  ofType,
  prompts,
  runIn,
  type StoreKind,
  useFakeCodex,
} from '../../../test/support/fake-codex-kit.js';
import { expectRunInvariants } from '../../../test/support/manager-kit.js';

// CodexAdapter through SessionManager on the fake codex executable: what one run stores, what
// reaches the binary, and the items of a turn as canonical events.

const kit = useFakeCodex();
const STORES: readonly StoreKind[] = ['memory', 'sqlite'];

describe.each(STORES)('a Codex run through SessionManager (%s store)', (kind) => {
  it('stores one message_streamed with the whole text, the message, the usage and the output', async () => {
    const box = kit.box();
    const usage = { input_tokens: 120, cached_input_tokens: 20, output_tokens: 30 };
    const store = kit.store(kind);
    const manager = kit.manager(
      store,
      kit.adapter({ turns: [{ text: 'One two three four!', usage }] }, {}, box),
    );
    const session = await manager.startSession({ agentId: 'writer' });
    const { run, result, events } = await runIn(manager, session.id, 'Count to four');

    expect(result.status).toBe('completed');
    await expectRunInvariants(store, run.id);
    expect(ofType(events, 'message_streamed').map((e) => e.data)).toEqual([
      { delta: 'One two three four!' },
    ]);
    expect(ofType(events, 'message_received').map((e) => e.data)).toEqual([
      { role: 'assistant', content: 'One two three four!' },
    ]);
    expect(ofType(events, 'token_usage_updated').map((e) => e.data)).toEqual([
      expect.objectContaining({ inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 20 }),
    ]);
    expect(result.output).toEqual({
      content: 'One two three four!',
      stopReason: 'end_turn',
      toolCalls: [],
    });
    expect(result.tokenUsage).toMatchObject({ inputTokens: 120, outputTokens: 30 });
    expect(result.costUsd).toBeNull();
    const threadId = (await manager.getSession(session.id)).providerSessionId;
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ofType(events, 'run_started')[0]?.data).toMatchObject({ model: 'gpt-5.5' });
  });
});

describe('runs of several sessions at once', () => {
  it('each session gets its own thread and resumes it, on one adapter', async () => {
    const box = kit.box();
    const store = kit.store('sqlite');
    const manager = kit.manager(store, kit.adapter({ turns: [] }, {}, box));
    const sessions = await Promise.all(
      ['a', 'b', 'c'].map((agentId) => manager.startSession({ agentId })),
    );
    const firsts = await Promise.all(
      sessions.map((s) => runIn(manager, s.id, `I am ${s.agentId}`)),
    );
    expect(firsts.map((r) => r.result.output?.content)).toEqual(
      sessions.map((s) => `Echo: I am ${s.agentId} (history: 0)`),
    );
    const ids = await Promise.all(
      sessions.map(async (s) => (await store.getSession(s.id)).providerSessionId),
    );
    expect(new Set(ids).size).toBe(3);
    const seconds = await Promise.all(sessions.map((s) => runIn(manager, s.id, 'Again')));
    expect(seconds.map((r) => r.result.output?.content)).toEqual(
      sessions.map(() => 'Echo: Again (history: 1)'),
    );
    const resumed = argvs(box)
      .map((argv) => argAfter(argv, 'resume'))
      .filter((id) => id !== undefined)
      .sort();
    expect(resumed).toEqual([...ids].sort());
  });
});

describe('what reaches the codex binary', () => {
  it("sends the session's system prompt ahead of the first turn only, and the thread options as arguments", async () => {
    const box = kit.box();
    const adapter = kit.adapter(
      { turns: [] },
      { sandboxMode: 'workspace-write', approvalPolicy: 'never' },
      box,
    );
    const manager = kit.manager(kit.store('memory'), adapter);
    const session = await manager.startSession({
      agentId: 'prompted',
      context: { systemPrompt: 'You are terse. Answer in one word.' },
    });
    expect((await runIn(manager, session.id, 'Hi')).result.status).toBe('completed');
    expect((await runIn(manager, session.id, 'Again')).result.status).toBe('completed');

    const [first = '', second = ''] = prompts(box);
    expect(first).toBe(
      '<session_instructions>\nYou are terse. Answer in one word.\n</session_instructions>\n\nHi',
    );
    expect(second).toBe('Again');
    for (const argv of argvs(box)) {
      expect(argv.slice(0, 2)).toEqual(['exec', '--experimental-json']);
      expect(argAfter(argv, '--model')).toBe('gpt-5.5');
      expect(argAfter(argv, '--sandbox')).toBe('workspace-write');
      expect(argAfter(argv, '--cd')).toBe(box.workspace);
      expect(argv).toContain('--skip-git-repo-check');
      expect(argv).toContain('approval_policy="never"');
    }
  });

  it('sends the input alone when the session has no system prompt', async () => {
    const box = kit.box();
    const manager = kit.manager(kit.store('memory'), kit.adapter({ turns: [] }, {}, box));
    const session = await manager.startSession({ agentId: 'plain' });
    const { result } = await runIn(manager, session.id, 'Hi');
    expect(result.output?.content).toBe('Echo: Hi (history: 0)');
    expect(prompts(box)).toEqual(['Hi']);
  });

  it('passes the API key as CODEX_API_KEY and config as --config overrides', async () => {
    const box = kit.box();
    const adapter = kit.adapter(
      { turns: [] },
      { apiKey: 'sk-test-key-0000', config: { model_reasoning_summary: 'concise', hide: true } },
      box,
    );
    const manager = kit.manager(kit.store('memory'), adapter);
    const session = await manager.startSession({ agentId: 'config' });
    expect((await runIn(manager, session.id, 'Hi')).result.status).toBe('completed');
    const [argv = []] = argvs(box);
    expect(argv).toContain('model_reasoning_summary="concise"');
    expect(argv).toContain('hide=true');
    expect(argv.join(' ')).not.toContain('sk-test-key-0000');
  });
});

describe('tool items of a Codex turn', () => {
  async function oneRun(turns: Parameters<typeof kit.adapter>[0]['turns']) {
    const { box, store, manager } = kit.managed((b) => kit.adapter({ turns }, {}, b));
    const session = await manager.startSession({ agentId: 'tools' });
    const ran = await runIn(manager, session.id, 'Do it');
    expect(ran.result.status).toBe('completed');
    await expectRunInvariants(store, ran.run.id);
    return { ...ran, box, manager, session };
  }

  it('a command is tool_call_started with the command, then tool_call_completed with output and exit code', async () => {
    const { events, result } = await oneRun([
      { command: { command: 'ls', output: 'a.txt\nb.txt\n' }, text: 'Two files.' },
    ]);
    const [started] = ofType(events, 'tool_call_started');
    expect(started?.data).toMatchObject({
      toolName: 'command_execution',
      toolInput: { command: "/bin/bash -lc 'ls'" },
    });
    const completed = ofType(events, 'tool_call_completed');
    expect(completed.map((e) => e.data)).toEqual([
      {
        toolCallId: started?.data.toolCallId,
        toolName: 'command_execution',
        toolOutput: { output: 'a.txt\nb.txt\n', exitCode: 0 },
      },
    ]);
    expect(started?.seq ?? Infinity).toBeLessThan(completed[0]?.seq ?? 0);
    expect(result.output?.content).toBe('Two files.');
    expect(result.output?.toolCalls).toEqual([
      expect.objectContaining({
        toolCallId: started?.data.toolCallId,
        toolName: 'command_execution',
      }),
    ]);
  });

  it('a command with a non-zero exit code is tool_call_failed naming the code', async () => {
    const { events } = await oneRun([
      { command: { command: 'false', output: 'no such thing\n', exitCode: 2 } },
    ]);
    expect(ofType(events, 'tool_call_completed')).toEqual([]);
    const failed = ofType(events, 'tool_call_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ toolName: 'command_execution' });
    expect(String(failed[0]?.data.error)).toContain('exit code 2');
    expect(String(failed[0]?.data.error)).toContain('no such thing');
  });

  it('a file change is tool events with its changes, and the file exists in the workspace', async () => {
    const { events, box } = await oneRun([
      { fileChange: { path: 'notes/todo.md', kind: 'add', content: '# Todo\n' }, text: 'Added.' },
    ]);
    const path = join(box.workspace, 'notes/todo.md');
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('# Todo\n');
    expect(ofType(events, 'tool_call_started')[0]?.data).toMatchObject({
      toolName: 'file_change',
      toolInput: { changes: [{ path, kind: 'add' }] },
    });
    expect(ofType(events, 'tool_call_completed')[0]?.data).toMatchObject({
      toolName: 'file_change',
      toolOutput: { changes: [{ path, kind: 'add' }] },
    });
  });

  it('a file change that cannot be made is tool_call_failed', async () => {
    const { events } = await oneRun([{ fileChange: { path: 'missing.txt', kind: 'update' } }]);
    expect(ofType(events, 'tool_call_failed')[0]?.data).toMatchObject({ toolName: 'file_change' });
    expect(String(ofType(events, 'tool_call_failed')[0]?.data.error)).toContain('missing.txt');
  });

  it('the todo list and the reasoning ride in the message metadata', async () => {
    const todo = [
      { text: 'read the code', completed: true },
      { text: 'fix the bug', completed: false },
    ];
    const withTodo = await oneRun([{ todo, text: 'Planned.' }]);
    expect(ofType(withTodo.events, 'message_received')[0]?.metadata).toMatchObject({
      todoList: todo,
    });
    const withReasoning = await oneRun([{ reasoning: 'Think first.', text: 'Thought.' }]);
    const [message] = ofType(withReasoning.events, 'message_received');
    expect(message?.data).toEqual({ role: 'assistant', content: 'Thought.' });
    expect(message?.metadata).toMatchObject({ reasoning: 'Think first.' });
  });

  it.each([
    ['a top-level error event', false],
    ['an error item', true],
  ])(
    'a warning (%s) is error_occurred, not fatal, and the run completes',
    async (_what, asItem) => {
      const { events, result } = await oneRun([
        { warning: 'Reconnecting... 1/5', asItem, text: 'Made it.' },
      ]);
      expect(ofType(events, 'error_occurred').map((e) => e.data)).toEqual([
        { errorCode: 'provider_error', errorMessage: 'Reconnecting... 1/5', fatal: false },
      ]);
      expect(result.output?.content).toBe('Made it.');
      expect(events.at(-1)?.type).toBe('run_completed');
    },
  );

  it('tool call ids stay unique across the runs of a session (Codex numbers items from item_0 each turn)', async () => {
    const turn = { command: { command: 'pwd', output: '/w\n' } };
    const { manager, session, events } = await oneRun([turn]);
    const second = await runIn(manager, session.id, 'Again');
    expect(second.result.status).toBe('completed');
    const ids = [...events, ...second.events]
      .filter((e) => e.type === 'tool_call_started')
      .map((e) => String(e.data.toolCallId));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const completedIds = ofType(second.events, 'tool_call_completed').map((e) => e.data.toolCallId);
    expect(completedIds).toEqual([ids[1]]);
  });
});
