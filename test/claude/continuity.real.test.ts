import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir } from '../../src/adapters/claude/session-file.js';
import type { SessionEvent } from '../../src/core/session-event.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import type { FakeAnthropicRequest } from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import { type ClaudeSandbox, useClaudeFake } from '../support/claude-kit.js';
import { runIn, withoutProviderFiles } from '../support/provider-runs.js';
import { useRestartingManagers } from '../support/restarting-managers.js';

// Continuity of a session's Claude conversation through SessionManager, on the real Claude Code CLI
// against the fake Anthropic server: streaming, a real tool, native resume within one manager,
// across a restart, on another config dir (the stored session file), the transcript fallback,
// and each run's own cost.

const kit = useClaudeFake();
// A model the CLI has prices for, so costs are not zero.
const MODEL = 'claude-sonnet-4-5';

const { managerOn, shutDown } = useRestartingManagers('asm-continuity-');

/**
 * A manager on the test's SQLite file and a new Claude adapter in `sandbox` (Bash allowed): a
 * process that starts again, on the same machine (same sandbox) or another one.
 */
function setup(
  sandbox: ClaudeSandbox = kit.sandbox(),
  wrap?: (store: SessionStore) => SessionStore,
) {
  const adapter = kit.adapter({ model: MODEL, allowedTools: ['Bash'] }, sandbox);
  return { sandbox, adapter, manager: managerOn(adapter, 'sqlite', wrap) };
}

/** Where the CLI of `sandbox` keeps the Claude session `id`. */
function sessionFilePath(sandbox: ClaudeSandbox, id: string): string {
  return join(projectDir(sandbox.env.CLAUDE_CONFIG_DIR ?? '', sandbox.workspace), `${id}.jsonl`);
}

/** The tool call id of a `tool_call_*` event (undefined when there is none). */
const toolCallIdOf = (event: SessionEvent | undefined): string | undefined =>
  (event?.data as { toolCallId?: string } | undefined)?.toolCallId;

const ofType = (events: readonly SessionEvent[], type: string) =>
  events.filter((e) => e.type === type);

interface ApiMessage {
  readonly role: string;
  readonly content: unknown;
}

function messagesOf(request: FakeAnthropicRequest | undefined): ApiMessage[] {
  const body = request?.body as { messages?: ApiMessage[] } | null | undefined;
  return body?.messages ?? [];
}

type Block = { type: string } & Record<string, unknown>;

function blocksOf(message: ApiMessage): Block[] {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return Array.isArray(message.content) ? (message.content as Block[]) : [];
}

/** A message's text without the `<system-reminder>` blocks the CLI adds. */
function textOf(message: ApiMessage): string {
  return blocksOf(message)
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text as string)
    .filter((text) => !text.trimStart().startsWith('<system-reminder>'))
    .join('');
}

/** The role of each message with its text, for messages that have text. */
function textTurns(request: FakeAnthropicRequest | undefined): { role: string; text: string }[] {
  return messagesOf(request)
    .map((m) => ({ role: m.role, text: textOf(m) }))
    .filter((t) => t.text !== '');
}

/** Run 2's request carries run 1's turns as separate messages, then run 2's input; no replay. */
function expectNativeHistory(
  request: FakeAnthropicRequest | undefined,
  first: string,
  second: string,
): void {
  expect(textTurns(request)).toEqual([
    { role: 'user', text: first },
    { role: 'assistant', text: `Echo: ${first}` },
    { role: 'user', text: second },
  ]);
  expect(JSON.stringify(request?.body)).not.toContain('<earlier_conversation>');
}

describe('a Claude session through SessionManager', () => {
  it('streams a reply in chunks and stores text, usage, cost and the Claude session id', async () => {
    const { manager, sandbox } = setup();
    kit.fake.enqueue({
      text: 'One two three four!',
      chunks: ['One ', 'two ', 'three ', 'four!'],
      usage: { input_tokens: 120, output_tokens: 30 },
    });
    const session = await manager.startSession({ agentId: 'streamer' });
    const { result, events } = await runIn(manager, session.id, 'Count to four');

    expect(result.status).toBe('completed');
    expect(ofType(events, 'message_streamed').map((e) => e.data)).toEqual([
      { delta: 'One ' },
      { delta: 'two ' },
      { delta: 'three ' },
      { delta: 'four!' },
    ]);
    const received = ofType(events, 'message_received');
    expect(received.map((e) => e.data)).toEqual([
      { role: 'assistant', content: 'One two three four!' },
    ]);
    const streamedSeqs = ofType(events, 'message_streamed').map((e) => e.seq);
    expect(Math.max(...streamedSeqs)).toBeLessThan(received[0]?.seq ?? 0);
    expect(ofType(events, 'token_usage_updated').map((e) => e.data)).toEqual([
      expect.objectContaining({ inputTokens: 120, outputTokens: 30 }),
    ]);
    expect(events.at(-1)?.type).toBe('run_completed');
    expect(result.output?.content).toBe('One two three four!');
    expect(result.tokenUsage).toMatchObject({ inputTokens: 120, outputTokens: 30 });
    expect(result.costUsd).toBeGreaterThan(0);

    const claudeId = (await manager.getSession(session.id)).providerSessionId;
    expect(claudeId).toMatch(/^[0-9a-f-]{36}$/);
    // It is the id the CLI keeps the conversation under.
    expect(existsSync(sessionFilePath(sandbox, claudeId ?? ''))).toBe(true);
  });

  it('runs a real Bash tool in the workspace and sends its result back to the model', async () => {
    const { manager, sandbox } = setup();
    kit.fake.enqueue({
      toolUse: { name: 'Bash', input: { command: 'echo hi > out.txt && cat out.txt' } },
    });
    const session = await manager.startSession({ agentId: 'shell' });
    const before = kit.fake.messageRequests().length;
    const { result, events } = await runIn(manager, session.id, 'Write hi to out.txt');

    expect(result.status).toBe('completed');
    expect(result.output?.content).toBe('Done.');
    const started = ofType(events, 'tool_call_started');
    const completed = ofType(events, 'tool_call_completed');
    expect(started.map((e) => e.data)).toEqual([
      {
        toolCallId: expect.any(String),
        toolName: 'Bash',
        toolInput: expect.objectContaining({ command: 'echo hi > out.txt && cat out.txt' }),
      },
    ]);
    expect(completed).toHaveLength(1);
    const toolCallId = toolCallIdOf(started[0]);
    expect(toolCallIdOf(completed[0])).toBe(toolCallId);
    expect(
      String((completed[0]?.data as { toolOutput?: unknown } | undefined)?.toolOutput),
    ).toContain('hi');
    expect(started[0]?.seq ?? 0).toBeLessThan(completed[0]?.seq ?? 0);
    expect(ofType(events, 'tool_call_failed')).toEqual([]);
    expect(readFileSync(join(sandbox.workspace, 'out.txt'), 'utf8')).toBe('hi\n');

    const requests = kit.fake.messageRequests().slice(before);
    expect(requests).toHaveLength(2);
    const lastUser = messagesOf(requests[1])
      .filter((m) => m.role === 'user')
      .at(-1);
    expect(lastUser === undefined ? [] : blocksOf(lastUser)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tool_result', tool_use_id: toolCallId }),
      ]),
    );
  });
});

describe('resuming a Claude session', () => {
  it('continues the same Claude conversation on the next run, with its history as messages', async () => {
    const { manager } = setup();
    const session = await manager.startSession({ agentId: 'memory' });
    const first = await runIn(manager, session.id, 'Remember the colour blue');
    const claudeId = (await manager.getSession(session.id)).providerSessionId;
    expect(first.result.output?.content).toBe('Echo: Remember the colour blue');

    const before = kit.fake.messageRequests().length;
    const second = await runIn(manager, session.id, 'Which colour was it?');
    expect(second.result.status).toBe('completed');
    expect(second.result.output?.content).toBe('Echo: Which colour was it?');
    expect((await manager.getSession(session.id)).providerSessionId).toBe(claudeId);
    const requests = kit.fake.messageRequests().slice(before);
    expect(requests).toHaveLength(1);
    expectNativeHistory(requests[0], 'Remember the colour blue', 'Which colour was it?');
  });

  it('continues it after a restart: a new manager and adapter on the same SQLite file', async () => {
    const sandbox = kit.sandbox();
    const one = setup(sandbox);
    const session = await one.manager.startSession({ agentId: 'restart' });
    await runIn(one.manager, session.id, 'Remember the number 7');
    const claudeId = (await one.manager.getSession(session.id)).providerSessionId;
    await shutDown();

    const two = setup(sandbox);
    const before = kit.fake.messageRequests().length;
    const second = await runIn(two.manager, session.id, 'Which number?');
    expect(second.result.status).toBe('completed');
    expect((await two.manager.getSession(session.id)).providerSessionId).toBe(claudeId);
    const requests = kit.fake.messageRequests().slice(before);
    expect(requests).toHaveLength(1);
    expectNativeHistory(requests[0], 'Remember the number 7', 'Which number?');
  });

  it('continues it with another config dir from the copy kept in the store, tool calls included', async () => {
    const a = setup();
    kit.fake.enqueue({ toolUse: { name: 'Bash', input: { command: 'echo portable' } } });
    const session = await a.manager.startSession({ agentId: 'portable' });
    const first = await runIn(a.manager, session.id, 'Say portable with Bash');
    expect(first.result.status).toBe('completed');
    const toolCallId = toolCallIdOf(ofType(first.events, 'tool_call_started')[0]);
    expect(toolCallId).toEqual(expect.any(String));
    const claudeId = (await a.manager.getSession(session.id)).providerSessionId ?? '';
    expect(existsSync(sessionFilePath(a.sandbox, claudeId))).toBe(true);
    await shutDown();
    // Machine A is gone: only the store is left.
    rmSync(a.sandbox.dir, { recursive: true, force: true });

    const b = setup();
    expect(b.sandbox.workspace).not.toBe(a.sandbox.workspace);
    expect(existsSync(sessionFilePath(b.sandbox, claudeId))).toBe(false);
    const before = kit.fake.messageRequests().length;
    const second = await runIn(b.manager, session.id, 'What did the command print?');
    expect(second.result.status).toBe('completed');
    expect((await b.manager.getSession(session.id)).providerSessionId).toBe(claudeId);
    // The adapter wrote the stored copy where B's CLI looks for it.
    expect(existsSync(sessionFilePath(b.sandbox, claudeId))).toBe(true);

    const requests = kit.fake.messageRequests().slice(before);
    expect(requests).toHaveLength(1);
    const messages = messagesOf(requests[0]);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(textOf(messages[0] as ApiMessage)).toBe('Say portable with Bash');
    expect(blocksOf(messages[1] as ApiMessage)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tool_use', id: toolCallId, name: 'Bash' }),
      ]),
    );
    expect(blocksOf(messages[2] as ApiMessage)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tool_result', tool_use_id: toolCallId }),
      ]),
    );
    expect(JSON.stringify(messages[2])).toContain('portable');
    expect(textOf(messages[3] as ApiMessage)).toBe('Done.');
    expect(textOf(messages[4] as ApiMessage)).toBe('What did the command print?');
    expect(JSON.stringify(requests[0]?.body)).not.toContain('<earlier_conversation>');
  });

  it('replays the transcript in a new Claude session when no copy of the session file is left', async () => {
    const a = setup();
    const session = await a.manager.startSession({ agentId: 'replay' });
    await runIn(a.manager, session.id, 'Remember the word apple');
    const claudeId = (await a.manager.getSession(session.id)).providerSessionId;
    await shutDown();

    const b = setup(kit.sandbox(), withoutProviderFiles);
    const before = kit.fake.messageRequests().length;
    const second = await runIn(b.manager, session.id, 'Which word?');
    expect(second.result.status).toBe('completed');
    const newId = (await b.manager.getSession(session.id)).providerSessionId;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newId).not.toBe(claudeId);

    const requests = kit.fake.messageRequests().slice(before);
    expect(requests).toHaveLength(1);
    const turns = textTurns(requests[0]);
    expect(turns.map((t) => t.role)).toEqual(['user']);
    const prompt = turns[0]?.text ?? '';
    expect(prompt).toContain('<earlier_conversation>');
    expect(prompt).toContain('Remember the word apple');
    expect(prompt).toContain('Echo: Remember the word apple');
    expect(prompt.endsWith('Which word?')).toBe(true);
  });
});

describe('the cost of each run of a Claude session', () => {
  // Run k's reply reports k times the tokens of run 1's, so it costs k times as much; Claude
  // Code's own figures are totals over the session (1, 3, 6, 10 times run 1's).
  const usageOfRun = (k: number) => ({ input_tokens: 1_000 * k, output_tokens: 200 * k });

  it("is the run's own, also after a restart", async () => {
    const sandbox = kit.sandbox();
    const one = setup(sandbox);
    const session = await one.manager.startSession({ agentId: 'costs' });
    const results = [];
    for (const k of [1, 2, 3]) {
      kit.fake.enqueue({ text: `Answer ${k}`, usage: usageOfRun(k) });
      results.push((await runIn(one.manager, session.id, `Question ${k}`)).result);
    }
    await shutDown();
    const two = setup(sandbox);
    kit.fake.enqueue({ text: 'Answer 4', usage: usageOfRun(4) });
    results.push((await runIn(two.manager, session.id, 'Question 4')).result);

    const base = results[0]?.costUsd ?? 0;
    expect(base).toBeGreaterThan(0);
    results.forEach((result, i) => {
      const k = i + 1;
      expect(result.status).toBe('completed');
      expect(result.tokenUsage).toMatchObject({ inputTokens: 1_000 * k, outputTokens: 200 * k });
      expect((result.costUsd ?? 0) / base).toBeCloseTo(k, 6);
    });
  });
});
