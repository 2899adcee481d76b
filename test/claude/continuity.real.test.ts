import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectDir } from '../../src/adapters/claude/session-file.js';
import type { SessionEvent } from '../../src/core/session-event.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import type { FakeAnthropicRequest } from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import { type ClaudeSandbox, useClaudeFake } from '../support/claude-kit.js';

// Continuity of a session's Claude conversation through SessionManager, on the real Claude Code CLI
// against the fake Anthropic server: streaming, a real tool, native resume within one manager,
// across a restart, on another config dir (the stored session file), the transcript fallback,
// and each run's own cost.

const kit = useClaudeFake();
// A model the CLI has prices for, so costs are not zero.
const MODEL = 'claude-sonnet-4-5';

let dir: string;
let dbPath: string;
const stores: SessionStore[] = [];
const managers: SessionManager[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asm-continuity-'));
  dbPath = join(dir, 'sessions.db');
});
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
  for (const s of stores.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function sqliteStore(): SessionStore {
  const store = new SqliteSessionStore({ path: dbPath });
  stores.push(store);
  return store;
}

function managerOn(store: SessionStore, adapter: ProviderAdapter): SessionManager {
  const manager = new SessionManager({ store, adapter, telemetry: false });
  managers.push(manager);
  return manager;
}

/** A manager on the test's SQLite file and a Claude adapter in `sandbox` (Bash allowed). */
function setup(sandbox: ClaudeSandbox = kit.sandbox()) {
  const adapter = kit.adapter({ model: MODEL, allowedTools: ['Bash'] }, sandbox);
  return { sandbox, adapter, manager: managerOn(sqliteStore(), adapter) };
}

async function runIn(manager: SessionManager, sessionId: string, input: string) {
  const run = await manager.startRun(sessionId, input);
  const result = await manager.executeRun(run.id);
  const events = await manager.getEvents(sessionId, { runId: run.id });
  return { run, result, events };
}

/** Where the CLI of `sandbox` keeps the Claude session `id`. */
function sessionFilePath(sandbox: ClaudeSandbox, id: string): string {
  return join(projectDir(sandbox.env.CLAUDE_CONFIG_DIR ?? '', sandbox.workspace), `${id}.jsonl`);
}

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
    const call = completed[0]?.data as { toolCallId: string; toolOutput: unknown };
    expect(call.toolCallId).toBe((started[0]?.data as { toolCallId: string }).toolCallId);
    expect(String(call.toolOutput)).toContain('hi');
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
        expect.objectContaining({ type: 'tool_result', tool_use_id: call.toolCallId }),
      ]),
    );
  });
});
