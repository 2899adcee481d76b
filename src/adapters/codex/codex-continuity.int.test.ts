import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  argAfter,
  argvs,
  filesUnder,
  prompts,
  resumes,
  rolloutOf,
  runIn,
  type StoreKind,
  useFakeCodex,
  withoutProviderFiles,
} from '../../../test/support/fake-codex-kit.js';
import { firstRun } from '../../../test/support/provider-runs.js';
import { Session } from '../../core/session.js';
import {
  decodeProviderFile,
  encodeProviderFile,
} from '../../manager/provider-files/provider-file-codec.js';

// Continuity of a session's Codex thread through SessionManager on the fake codex executable:
// `resume <id>` in one manager and after a restart, the rollout restored from the store into
// another CODEX_HOME, the transcript replay without it, a hostile stored id, and each run's own
// usage although Codex reports totals over the thread.

const kit = useFakeCodex();

describe.each(['memory', 'sqlite'] as StoreKind[])('resuming a Codex thread (%s store)', (kind) => {
  it('run 2 resumes run 1’s thread with the same thread options, and the binary has the history', async () => {
    const box = kit.box();
    const adapter = kit.adapter({ turns: [] }, { sandboxMode: 'workspace-write' }, box);
    const manager = kit.manager(kit.store(kind), adapter);
    const session = await manager.startSession({
      agentId: 'memory',
      context: { systemPrompt: 'Be brief.' },
    });
    const first = await runIn(manager, session.id, 'Remember blue');
    expect(first.result.output?.content).toContain('(history: 0)');
    const threadId = (await manager.getSession(session.id)).providerSessionId;
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);

    const second = await runIn(manager, session.id, 'Which colour?');
    expect(second.result.output?.content).toBe('Echo: Which colour? (history: 1)');
    expect(resumes(box)).toEqual([undefined, threadId]);
    expect(prompts(box)[1]).toBe('Which colour?');
    const resumed = argvs(box)[1] ?? [];
    expect(argAfter(resumed, '--sandbox')).toBe('workspace-write');
    expect(argAfter(resumed, '--model')).toBe('gpt-5.5');
    expect(argAfter(resumed, '--cd')).toBe(box.workspace);
    expect(resumed).toContain('--skip-git-repo-check');
    expect((await manager.getSession(session.id)).providerSessionId).toBe(threadId);
  });
});

describe('continuity across managers', () => {
  it('resumes after a restart: a new manager and adapter on the same SQLite file', async () => {
    const box = kit.box();
    const db = join(box.dir, 'sessions.db');
    const one = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, box));
    const { session, providerSessionId: threadId } = await firstRun(one, 'restart', 'Remember 7');
    await one.close();

    const two = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, box));
    const second = await runIn(two, session.id, 'Which number?');
    expect(second.result.output?.content).toBe('Echo: Which number? (history: 1)');
    expect(resumes(box)).toEqual([undefined, threadId]);
    expect((await two.getSession(session.id)).providerSessionId).toBe(threadId);
  });

  it('resumes in another CODEX_HOME from the rollout kept in the store', async () => {
    const a = kit.box();
    const db = join(a.dir, 'sessions.db');
    const one = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, a));
    const { session, providerSessionId: threadId } = await firstRun(
      one,
      'portable',
      'Remember apple',
    );
    const original = rolloutOf(a, threadId);
    expect(original).toBeDefined();
    await one.close();

    const b = kit.box();
    expect(rolloutOf(b, threadId)).toBeUndefined();
    const two = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, b));
    const second = await runIn(two, session.id, 'Which fruit?');
    expect(second.result.output?.content).toBe('Echo: Which fruit? (history: 1)');
    expect(resumes(b)).toEqual([threadId]);
    const restored = rolloutOf(b, threadId) ?? '';
    // Restored under B's sessions/, in the same day folder and under the same name.
    expect(relative(join(b.codexHome, 'sessions'), restored)).toBe(
      relative(join(a.codexHome, 'sessions'), original ?? ''),
    );
    expect(prompts(b)).toEqual(['Which fruit?']);
    expect((await two.getSession(session.id)).providerSessionId).toBe(threadId);
  });

  it('moves on through a third CODEX_HOME: the copy kept after the restored run holds its turn too', async () => {
    const store = kit.store('memory');
    const usage = { input_tokens: 50, cached_input_tokens: 5, output_tokens: 5 };
    const script = { turns: [{ text: 'Noted.', usage }] };
    let sessionId = '';
    const boxes = [kit.box(), kit.box(), kit.box()];
    const results = [];
    for (const [i, box] of boxes.entries()) {
      const manager = kit.manager(store, kit.adapter(script, {}, box));
      if (sessionId === '') sessionId = (await manager.startSession({ agentId: 'nomad' })).id;
      results.push((await runIn(manager, sessionId, `Stop ${i}`)).result);
      await manager.close();
    }
    const threadId = (await store.getSession(sessionId)).providerSessionId;
    expect(boxes.map((b) => resumes(b))).toEqual([[undefined], [threadId], [threadId]]);
    // The fake counts the thread's earlier user turns in the rollout it resumed.
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    const third = rolloutOf(boxes[2] as (typeof boxes)[number], threadId ?? '') ?? '';
    expect(readFileSync(third, 'utf8')).toContain('Stop 1');
    expect(readFileSync(third, 'utf8')).toContain('Stop 0');
    // Each run's own usage, although the restored thread's totals keep growing.
    expect(results.map((r) => r.tokenUsage)).toEqual(
      results.map(() => expect.objectContaining({ inputTokens: 50, outputTokens: 5 })),
    );
  });

  it('back in a CODEX_HOME it ran in before, it resumes the longer copy from the store, not its old rollout', async () => {
    const store = kit.store('memory');
    const script = { turns: [{ text: 'Noted.' }] };
    const [a, b] = [kit.box(), kit.box()];
    let sessionId = '';
    for (const [i, box] of [a, b, a].entries()) {
      const manager = kit.manager(store, kit.adapter(script, {}, box));
      if (sessionId === '') sessionId = (await manager.startSession({ agentId: 'back' })).id;
      expect((await runIn(manager, sessionId, `Stop ${i}`)).result.status).toBe('completed');
      await manager.close();
    }
    const threadId = (await store.getSession(sessionId)).providerSessionId ?? '';
    const rollout = readFileSync(rolloutOf(a, threadId) ?? '', 'utf8');
    // The turn taken in B is in A's rollout: the third run resumed the copy kept after it.
    expect(rollout).toContain('Stop 1');
    expect(rollout).toContain('Stop 2');
  });

  it('replays the transcript in a new thread when no copy of the rollout is left', async () => {
    const a = kit.box();
    const store = kit.store('memory');
    const one = kit.manager(store, kit.adapter({ turns: [] }, {}, a));
    const session = await one.startSession({
      agentId: 'replay',
      context: { systemPrompt: 'Answer in French.' },
    });
    const first = await runIn(one, session.id, 'Remember pear');
    const threadId = (await one.getSession(session.id)).providerSessionId;
    await one.close();

    const b = kit.box();
    const two = kit.manager(withoutProviderFiles(store), kit.adapter({ turns: [] }, {}, b));
    const second = await runIn(two, session.id, 'Which fruit?');
    expect(second.result.status).toBe('completed');
    expect(resumes(b)).toEqual([undefined]);
    const [prompt = ''] = prompts(b);
    expect(prompt).toContain('<earlier_conversation>');
    expect(prompt).toContain('Remember pear');
    expect(prompt).toContain(String(first.result.output?.content));
    expect(prompt.endsWith('Which fruit?')).toBe(true);
    // A new thread gets the session's instructions again, ahead of the replay.
    expect(
      prompt.startsWith('<session_instructions>\nAnswer in French.\n</session_instructions>'),
    ).toBe(true);
    expect(second.result.output?.content).toMatch(/\(history: 0\)$/);
    // Its usage is its own: the old thread's totals are no baseline for the new one.
    const answer = String(second.result.output?.content);
    expect(second.result.tokenUsage).toMatchObject({
      inputTokens: 10 + Math.ceil(prompt.length / 4),
      outputTokens: 1 + Math.ceil(answer.length / 4),
    });
    const newId = (await two.getSession(session.id)).providerSessionId;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newId).not.toBe(threadId);
  });

  it('never uses a hostile stored providerSessionId as a path: a replay, nothing written outside CODEX_HOME', async () => {
    const { box, store, manager } = kit.managed((b) => kit.adapter({ turns: [] }, {}, b));
    const { session, providerSessionId: threadId } = await firstRun(
      manager,
      'hostile',
      'Remember plum',
    );
    const day = relative(join(box.codexHome, 'sessions'), rolloutOf(box, threadId) ?? '');
    const hostile = '../../x';
    const name = basename(day).replace(threadId, hostile);
    await store.saveSession(
      Session.update(await store.getSession(session.id), { providerSessionId: hostile }),
    );
    await store.saveProviderFile(session.id, {
      provider: 'codex',
      name,
      data: await encodeProviderFile(new TextEncoder().encode('{"type":"session_meta"}\n')),
    });
    const outside = () => filesUnder(box.dir).filter((f) => !f.startsWith('home/.codex/'));
    const before = outside();

    const second = await runIn(manager, session.id, 'Which fruit?');
    expect(second.result.status).toBe('completed');
    expect(resumes(box)).toEqual([undefined, undefined]);
    expect(prompts(box)[1]).toContain('<earlier_conversation>');
    expect(outside()).toEqual(before);
    expect(existsSync(join(box.codexHome, 'sessions', 'x.jsonl'))).toBe(false);
    expect(filesUnder(join(box.codexHome, 'sessions')).some((f) => f.includes('x.jsonl'))).toBe(
      false,
    );
    const newId = (await manager.getSession(session.id)).providerSessionId;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newId).not.toBe(threadId);
  });
});

describe('keeping the rollout in the store', () => {
  it('a store that cannot keep it is a non-fatal storage_error; the run completes and the next resumes locally', async () => {
    const box = kit.box();
    const store = kit.store('memory');
    const failing = new Proxy(store, {
      get(target, key) {
        if (key === 'saveProviderFile') {
          return async () => {
            throw new Error('disk full');
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const manager = kit.manager(failing, kit.adapter({ turns: [] }, {}, box));
    const session = await manager.startSession({ agentId: 'unkept' });
    const first = await runIn(manager, session.id, 'Hi');
    expect(first.result.status).toBe('completed');
    const [warning] = first.events.filter((e) => e.type === 'error_occurred');
    expect(warning?.data).toMatchObject({ errorCode: 'storage_error', fatal: false });
    expect(String(warning?.data.errorMessage)).toContain('disk full');
    expect(first.events.at(-1)?.type).toBe('run_completed');
    expect(await store.getProviderFile(session.id, 'codex')).toBeNull();
    const second = await runIn(manager, session.id, 'Again');
    expect(second.result.output?.content).toBe('Echo: Again (history: 1)');
  });

  it('the stored copy is the thread’s current rollout, under its own name', async () => {
    const { box, store, manager } = kit.managed((b) => kit.adapter({ turns: [] }, {}, b));
    const session = await manager.startSession({ agentId: 'kept' });
    await runIn(manager, session.id, 'One');
    await runIn(manager, session.id, 'Two');
    const threadId = (await store.getSession(session.id)).providerSessionId ?? '';
    const local = rolloutOf(box, threadId) ?? '';
    const stored = await store.getProviderFile(session.id, 'codex');
    expect(stored?.name).toBe(basename(local));
    // The store keeps it compressed.
    const data = await decodeProviderFile(stored?.data ?? new Uint8Array());
    expect(Buffer.from(data)).toEqual(readFileSync(local));
  });
});

describe('the usage of each run of a Codex thread', () => {
  const RUNS = [
    { input_tokens: 100, cached_input_tokens: 10, output_tokens: 10 },
    { input_tokens: 250, cached_input_tokens: 40, output_tokens: 25 },
    { input_tokens: 400, cached_input_tokens: 0, output_tokens: 7 },
  ];
  const script = { turns: RUNS.map((usage, i) => ({ text: `Answer ${i}`, usage })) };
  const expectShares = (results: { tokenUsage?: unknown }[]) => {
    expect(results.map((r) => r.tokenUsage)).toEqual(
      RUNS.map((u) =>
        expect.objectContaining({
          inputTokens: u.input_tokens,
          outputTokens: u.output_tokens,
          cacheReadInputTokens: u.cached_input_tokens,
        }),
      ),
    );
  };

  it("is each run's own share of the thread's totals, in one manager", async () => {
    const box = kit.box();
    const manager = kit.manager(kit.store('memory'), kit.adapter(script, {}, box));
    const session = await manager.startSession({ agentId: 'usage' });
    const results = [];
    for (const i of [0, 1, 2]) results.push((await runIn(manager, session.id, `Q${i}`)).result);
    expect(resumes(box).filter((id) => id !== undefined)).toHaveLength(2);
    expectShares(results);
  });

  it("is each run's own share after a restart before each run", async () => {
    const box = kit.box();
    const db = join(box.dir, 'sessions.db');
    let sessionId = '';
    const results = [];
    for (const i of [0, 1, 2]) {
      const manager = kit.manager(kit.store('sqlite', db), kit.adapter(script, {}, box));
      if (sessionId === '') sessionId = (await manager.startSession({ agentId: 'usage' })).id;
      const { result, events } = await runIn(manager, sessionId, `Q${i}`);
      results.push(result);
      expect(events.find((e) => e.type === 'token_usage_updated')?.data).toMatchObject({
        inputTokens: RUNS[i]?.input_tokens,
      });
      await manager.close();
    }
    expect(resumes(box).filter((id) => id !== undefined)).toHaveLength(2);
    expectShares(results);
  });
});
