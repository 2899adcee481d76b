import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/ports/session-store.js';
import {
  bodyText,
  type CodexSandbox,
  inputItems,
  rolloutsOf,
  useCodexFake,
  userTexts,
} from '../support/codex-kit.js';
import { ofType, runIn, withoutProviderFiles } from '../support/provider-runs.js';
import { type RestartStore, useRestartingManagers } from '../support/restarting-managers.js';

// Continuity of a session's Codex thread through SessionManager, on the real Codex binary against
// the fake Responses API: a text reply and the system prompt, native resume within one manager,
// across a restart, with another CODEX_HOME (the rollout kept in the store), the transcript
// fallback, and each run's own usage.

const kit = useCodexFake();

const { managerOn, shutDown } = useRestartingManagers('asm-codex-continuity-');

/** A manager and a new Codex adapter in `sandbox`: a process that starts (again). */
function setup(
  sandbox: CodexSandbox = kit.sandbox(),
  kind: RestartStore = 'sqlite',
  wrap?: (store: SessionStore) => SessionStore,
) {
  const adapter = kit.adapter({ sandboxMode: 'workspace-write' }, sandbox);
  return { sandbox, adapter, manager: managerOn(adapter, kind, wrap) };
}

const requestsSince = (before: number) => kit.fake.responseRequests().slice(before);

describe.each(['memory', 'sqlite'] as const)('a Codex session on the %s store', (kind) => {
  it('stores one whole message, usage and the thread id; the system prompt goes only into the first request', async () => {
    const { manager, sandbox } = setup(kit.sandbox(), kind);
    const session = await manager.startSession({
      agentId: 'texter',
      context: { systemPrompt: 'Answer like a pirate, matey-7731.' },
    });
    kit.fake.enqueue({
      text: 'Ahoy, one two three!',
      chunks: 3,
      usage: { input_tokens: 120, cached_input_tokens: 20, output_tokens: 30 },
    });
    const before = kit.fake.responseRequests().length;
    const { result, events } = await runIn(manager, session.id, 'Count to three');

    expect(result.status).toBe('completed');
    expect(ofType(events, 'message_streamed').map((e) => e.data)).toEqual([
      { delta: 'Ahoy, one two three!' },
    ]);
    expect(ofType(events, 'message_received').map((e) => e.data)).toEqual([
      { role: 'assistant', content: 'Ahoy, one two three!' },
    ]);
    expect(ofType(events, 'token_usage_updated').map((e) => e.data)).toEqual([
      expect.objectContaining({ inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 20 }),
    ]);
    expect(events.at(-1)?.type).toBe('run_completed');
    expect(result.output?.content).toBe('Ahoy, one two three!');
    expect(result.tokenUsage).toMatchObject({ inputTokens: 120, outputTokens: 30 });

    const threadId = (await manager.getSession(session.id)).providerSessionId ?? '';
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rolloutsOf(sandbox, threadId)).toHaveLength(1);

    const [first] = requestsSince(before);
    expect(first?.body).toMatchObject({ model: 'gpt-5.5' });
    const sent = userTexts(first).join('\n');
    expect(sent).toContain('Answer like a pirate, matey-7731.');
    expect(sent).toContain('Count to three');

    const later = await runIn(manager, session.id, 'Again');
    expect(later.result.status).toBe('completed');
    const [second] = requestsSince(before + 1);
    // The history of the thread carries the first turn once; no second copy of the prompt.
    expect(bodyText(second).split('matey-7731').length - 1).toBe(1);
    expect(userTexts(second).at(-1)).toBe('Again');
  });
});

describe('resuming a Codex thread', () => {
  it('continues the same thread on the next run, with the first run in the request', async () => {
    const { manager } = setup();
    const session = await manager.startSession({ agentId: 'memory' });
    const first = await runIn(manager, session.id, 'Remember the colour blue');
    expect(first.result.output?.content).toBe('Echo: Remember the colour blue');
    const threadId = (await manager.getSession(session.id)).providerSessionId;

    const before = kit.fake.responseRequests().length;
    const second = await runIn(manager, session.id, 'Which colour was it?');
    expect(second.result.status).toBe('completed');
    expect(second.result.output?.content).toBe('Echo: Which colour was it?');
    expect((await manager.getSession(session.id)).providerSessionId).toBe(threadId);
    const requests = requestsSince(before);
    expect(requests).toHaveLength(1);
    const body = bodyText(requests[0]);
    expect(body).toContain('Remember the colour blue');
    expect(body).toContain('Echo: Remember the colour blue');
    expect(userTexts(requests[0]).at(-1)).toBe('Which colour was it?');
    expect(body).not.toContain('<earlier_conversation>');
  });

  it('continues it after a restart: a new manager and adapter on the same SQLite file', async () => {
    const sandbox = kit.sandbox();
    const one = setup(sandbox);
    const session = await one.manager.startSession({ agentId: 'restart' });
    await runIn(one.manager, session.id, 'Remember the number 7');
    const threadId = (await one.manager.getSession(session.id)).providerSessionId;
    await shutDown();

    const two = setup(sandbox);
    const before = kit.fake.responseRequests().length;
    const second = await runIn(two.manager, session.id, 'Which number?');
    expect(second.result.status).toBe('completed');
    expect((await two.manager.getSession(session.id)).providerSessionId).toBe(threadId);
    const requests = requestsSince(before);
    expect(requests).toHaveLength(1);
    expect(bodyText(requests[0])).toContain('Echo: Remember the number 7');
    expect(userTexts(requests[0]).at(-1)).toBe('Which number?');
    expect(bodyText(requests[0])).not.toContain('<earlier_conversation>');
  });

  it('continues it with another CODEX_HOME from the rollout kept in the store, a command included', async () => {
    const a = setup();
    kit.fake.enqueue({ command: 'echo portable-5519' });
    const session = await a.manager.startSession({ agentId: 'portable' });
    const first = await runIn(a.manager, session.id, 'Say portable with a command');
    expect(first.result.status).toBe('completed');
    expect(ofType(first.events, 'tool_call_completed')).toHaveLength(1);
    const threadId = (await a.manager.getSession(session.id)).providerSessionId ?? '';
    expect(rolloutsOf(a.sandbox, threadId)).toHaveLength(1);
    await shutDown();
    // Machine A is gone: only the store is left.
    rmSync(a.sandbox.dir, { recursive: true, force: true });

    const b = setup();
    expect(rolloutsOf(b.sandbox, threadId)).toEqual([]);
    const before = kit.fake.responseRequests().length;
    const second = await runIn(b.manager, session.id, 'What did the command print?');
    expect(second.result.status).toBe('completed');
    expect((await b.manager.getSession(session.id)).providerSessionId).toBe(threadId);
    // The adapter wrote the stored copy where B's binary looks for it.
    expect(rolloutsOf(b.sandbox, threadId)).toEqual([
      expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/rollout-.+\.jsonl$/),
    ]);

    const requests = requestsSince(before);
    expect(requests).toHaveLength(1);
    const items = inputItems(requests[0]);
    const types = items.map((i) => i.type);
    expect(types).toContain('function_call');
    expect(types).toContain('function_call_output');
    const body = bodyText(requests[0]);
    expect(body).toContain('Say portable with a command');
    expect(body).toContain('echo portable-5519');
    expect(body).toContain('portable-5519\\n');
    expect(userTexts(requests[0]).at(-1)).toBe('What did the command print?');
    expect(body).not.toContain('<earlier_conversation>');
  });

  it('replays the transcript in a new thread when no copy of the rollout is left', async () => {
    const a = setup();
    const session = await a.manager.startSession({ agentId: 'replay' });
    await runIn(a.manager, session.id, 'Remember the word apple');
    const threadId = (await a.manager.getSession(session.id)).providerSessionId;
    await shutDown();

    const b = setup(kit.sandbox(), 'sqlite', withoutProviderFiles);
    const before = kit.fake.responseRequests().length;
    kit.fake.enqueue({ text: 'It was apple.' });
    const second = await runIn(b.manager, session.id, 'Which word?');
    expect(second.result.status).toBe('completed');
    const newId = (await b.manager.getSession(session.id)).providerSessionId;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newId).not.toBe(threadId);

    const requests = requestsSince(before);
    expect(requests).toHaveLength(1);
    const prompt = userTexts(requests[0]).at(-1) ?? '';
    expect(prompt).toContain('<earlier_conversation>');
    expect(prompt).toContain('Remember the word apple');
    expect(prompt).toContain('Echo: Remember the word apple');
    expect(prompt.endsWith('Which word?')).toBe(true);
  });
});

describe('the usage of each run of a Codex thread', () => {
  // Run k's reply reports usage u(k); Codex reports totals over the thread, u(1) + … + u(k).
  const usageOfRun = (k: number) => ({
    input_tokens: 1_000 * k + 7,
    cached_input_tokens: 100 * k,
    output_tokens: 20 * k + 3,
  });

  it("is the run's own on the second run, and on the third after a restart", async () => {
    const sandbox = kit.sandbox();
    const one = setup(sandbox);
    const session = await one.manager.startSession({ agentId: 'usage' });
    const results = [];
    for (const k of [1, 2]) {
      kit.fake.enqueue({ text: `Answer ${k}`, usage: usageOfRun(k) });
      results.push(await runIn(one.manager, session.id, `Question ${k}`));
    }
    await shutDown();
    const two = setup(sandbox);
    kit.fake.enqueue({ text: 'Answer 3', usage: usageOfRun(3) });
    results.push(await runIn(two.manager, session.id, 'Question 3'));

    results.forEach(({ result, events }, i) => {
      const k = i + 1;
      const own = {
        inputTokens: 1_000 * k + 7,
        cacheReadInputTokens: 100 * k,
        outputTokens: 20 * k + 3,
      };
      expect(result.status).toBe('completed');
      expect(result.tokenUsage, `run ${k}`).toMatchObject(own);
      expect(ofType(events, 'token_usage_updated').map((e) => e.data)).toEqual([
        expect.objectContaining(own),
      ]);
    });
    const runs = (await two.manager.listRuns(session.id)).items;
    expect(runs.map((r) => r.tokenUsage.inputTokens).sort()).toEqual([1_007, 2_007, 3_007]);
  });
});
