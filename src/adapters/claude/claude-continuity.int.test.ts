import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  argvs,
  type FakeBox,
  flag,
  runIn,
  sessionFile,
  useFakeClaude,
  userTexts,
} from '../../../test/support/fake-claude-kit.js';
import { firstRun, withoutProviderFiles } from '../../../test/support/provider-runs.js';
import { filesUnder } from '../../../test/support/temp-dirs.js';
import { Session } from '../../core/session.js';

// Continuity of a session's Claude conversation through SessionManager on the fake Claude
// executable: native resume in one manager and after a restart, the session file restored from the
// store on another config dir, the transcript replay without it, a hostile stored id, and each
// run's own cost.

const kit = useFakeClaude();

/** The `--resume` of each fake process started in `box`. */
const resumes = (box: FakeBox) => argvs(box).map((argv) => flag(argv, 'resume'));

describe.each(['memory', 'sqlite'] as const)('resuming a Claude session (%s store)', (kind) => {
  it('run 2 resumes run 1’s Claude session with --resume, and the CLI has the history', async () => {
    const box = kit.box();
    const manager = kit.manager(kit.store(kind), kit.adapter({ turns: [] }, {}, box));
    const session = await manager.startSession({ agentId: 'memory' });
    const first = await runIn(manager, session.id, 'Remember blue');
    expect(first.result.output?.content).toBe('Echo: Remember blue (history: 0)');
    const claudeId = (await manager.getSession(session.id)).providerSessionId;
    expect(claudeId).toMatch(/^[0-9a-f-]{36}$/);

    const second = await runIn(manager, session.id, 'Which colour?');
    expect(second.result.status).toBe('completed');
    // The fake found run 1's user message and answer in the session it resumed.
    expect(second.result.output?.content).toBe('Echo: Which colour? (history: 2)');
    expect(resumes(box)).toEqual([undefined, claudeId]);
    expect(userTexts(box)).toEqual(['Remember blue', 'Which colour?']);
    expect((await manager.getSession(session.id)).providerSessionId).toBe(claudeId);
  });
});

describe('continuity across managers', () => {
  it('resumes after a restart: a new manager and adapter on the same SQLite file', async () => {
    const box = kit.box();
    const db = join(box.dir, 'sessions.db');
    const one = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, box));
    const { session, providerSessionId: claudeId } = await firstRun(one, 'restart', 'Remember 7');
    await one.close();

    const two = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, box));
    const second = await runIn(two, session.id, 'Which number?');
    expect(second.result.output?.content).toBe('Echo: Which number? (history: 2)');
    expect(resumes(box)).toEqual([undefined, claudeId]);
    expect((await two.getSession(session.id)).providerSessionId).toBe(claudeId);
  });

  it('resumes with another config dir from the session file kept in the store', async () => {
    const a = kit.box();
    const db = join(a.dir, 'sessions.db');
    const one = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, a));
    const { session, providerSessionId: claudeId } = await firstRun(
      one,
      'portable',
      'Remember apple',
    );
    expect(existsSync(sessionFile(a, claudeId))).toBe(true);
    await one.close();

    const b = kit.box();
    expect(existsSync(sessionFile(b, claudeId))).toBe(false);
    const two = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, {}, b));
    const second = await runIn(two, session.id, 'Which fruit?');
    expect(second.result.output?.content).toBe('Echo: Which fruit? (history: 2)');
    expect(resumes(b)).toEqual([claudeId]);
    expect(existsSync(sessionFile(b, claudeId))).toBe(true);
    expect((await two.getSession(session.id)).providerSessionId).toBe(claudeId);
    expect(userTexts(b)).toEqual(['Which fruit?']);
  });

  it('back in a config dir it ran in before, it resumes the longer copy from the store, not its old file', async () => {
    const store = kit.store('memory');
    const [a, b] = [kit.box(), kit.box()];
    let sessionId = '';
    const answers: (string | undefined)[] = [];
    for (const [i, box] of [a, b, a].entries()) {
      const manager = kit.manager(store, kit.adapter({ turns: [] }, {}, box));
      if (sessionId === '') sessionId = (await manager.startSession({ agentId: 'back' })).id;
      answers.push((await runIn(manager, sessionId, `Stop ${i}`)).result.output?.content);
      await manager.close();
    }
    // The third run, in A again, saw both earlier turns: B's too.
    expect(answers).toEqual([
      'Echo: Stop 0 (history: 0)',
      'Echo: Stop 1 (history: 2)',
      'Echo: Stop 2 (history: 4)',
    ]);
  });

  it('replays the transcript in a new Claude session when no copy of the file is left', async () => {
    const a = kit.box();
    const store = kit.store('memory');
    const one = kit.manager(store, kit.adapter({ turns: [] }, {}, a));
    const { session, providerSessionId: claudeId } = await firstRun(one, 'replay', 'Remember pear');
    await one.close();

    const b = kit.box();
    const two = kit.manager(withoutProviderFiles(store), kit.adapter({ turns: [] }, {}, b));
    const second = await runIn(two, session.id, 'Which fruit?');
    expect(second.result.status).toBe('completed');
    expect(resumes(b)).toEqual([undefined]);
    const [prompt = ''] = userTexts(b);
    expect(prompt).toContain('<earlier_conversation>');
    expect(prompt).toContain('Remember pear');
    expect(prompt).toContain('Echo: Remember pear (history: 0)');
    expect(prompt.endsWith('Which fruit?')).toBe(true);
    // A new Claude session, with no history of its own.
    expect(second.result.output?.content).toMatch(/\(history: 0\)$/);
    const newId = (await two.getSession(session.id)).providerSessionId;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newId).not.toBe(claudeId);
  });

  it('never uses a hostile stored providerSessionId as a path: a replay, nothing written outside the config dir', async () => {
    const { box, store, manager } = kit.managed((b) => kit.adapter({ turns: [] }, {}, b));
    const session = await manager.startSession({ agentId: 'hostile' });
    await runIn(manager, session.id, 'Remember plum');
    const hostile = '../../../x';
    const naive = join(dirname(sessionFile(box, 'placeholder')), `${hostile}.jsonl`);
    expect(relative(box.configDir, naive).startsWith('..')).toBe(true);
    await store.saveSession(
      Session.update(await store.getSession(session.id), { providerSessionId: hostile }),
    );
    await store.saveProviderFile(session.id, {
      provider: 'claude',
      name: `${hostile}.jsonl`,
      data: new TextEncoder().encode('{"type":"user"}\n'),
    });
    const before = filesUnder(box.dir).filter((f) => !f.startsWith('config/'));

    const second = await runIn(manager, session.id, 'Which fruit?');
    expect(second.result.status).toBe('completed');
    expect(resumes(box)).toEqual([undefined, undefined]);
    expect(userTexts(box)[1]).toContain('<earlier_conversation>');
    expect(existsSync(naive)).toBe(false);
    const after = filesUnder(box.dir).filter((f) => !f.startsWith('config/'));
    expect(after).toEqual(before);
    expect((await manager.getSession(session.id)).providerSessionId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the cost of each run of a Claude session', () => {
  it("is each run's own share of Claude Code's session totals, also after a restart", async () => {
    const box = kit.box();
    const db = join(box.dir, 'sessions.db');
    // A new manager (a restart) per run, so each run's reply can cost something else.
    const runs = [
      { costUsd: 0.01, usage: { input_tokens: 100, output_tokens: 10 } },
      { costUsd: 0.025, usage: { input_tokens: 200, output_tokens: 20 } },
      { costUsd: 0.04, usage: { input_tokens: 400, output_tokens: 40 } },
    ];
    let sessionId = '';
    const results = [];
    for (const [i, turn] of runs.entries()) {
      const manager = kit.manager(
        kit.store('sqlite', db),
        kit.adapter({ turns: [{ text: `Answer ${i}`, ...turn }] }, {}, box),
      );
      if (sessionId === '') sessionId = (await manager.startSession({ agentId: 'costs' })).id;
      results.push((await runIn(manager, sessionId, `Question ${i}`)).result);
      await manager.close();
    }
    expect(resumes(box).filter((id) => id !== undefined)).toHaveLength(2);
    results.forEach((result, i) => {
      expect(result.status).toBe('completed');
      expect(result.costUsd).toBeCloseTo(runs[i]?.costUsd ?? NaN, 10);
      expect(result.tokenUsage).toMatchObject({
        inputTokens: runs[i]?.usage.input_tokens,
        outputTokens: runs[i]?.usage.output_tokens,
      });
    });
  });

  it('is the same for runs of one manager whose replies cost the same', async () => {
    const manager = kit.manager(
      kit.store('sqlite'),
      kit.adapter({ turns: [{ text: 'Same.', costUsd: 0.02 }] }),
    );
    const session = await manager.startSession({ agentId: 'steady' });
    const costs = [];
    for (const i of [1, 2, 3])
      costs.push((await runIn(manager, session.id, `Q${i}`)).result.costUsd);
    expect(costs.map((c) => Number(c?.toFixed(10)))).toEqual([0.02, 0.02, 0.02]);
  });

  it("is the run's own on another config dir and after a transcript replay (a new Claude session)", async () => {
    const a = kit.box();
    const store = kit.store('memory');
    const costly = (costUsd: number) => ({ turns: [{ text: 'Ok.', costUsd }] });
    const one = kit.manager(store, kit.adapter(costly(0.01), {}, a));
    const session = await one.startSession({ agentId: 'moving-costs' });
    expect((await runIn(one, session.id, 'Q1')).result.costUsd).toBeCloseTo(0.01, 10);
    await one.close();

    // Another config dir: the stored file is restored and its totals continue.
    const b = kit.box();
    const two = kit.manager(store, kit.adapter(costly(0.02), {}, b));
    expect((await runIn(two, session.id, 'Q2')).result.costUsd).toBeCloseTo(0.02, 10);
    expect(resumes(b)).toHaveLength(1);
    expect(resumes(b)[0]).toEqual(expect.any(String));
    await two.close();

    // No stored file: a new Claude session, whose totals start again.
    const c = kit.box();
    const three = kit.manager(withoutProviderFiles(store), kit.adapter(costly(0.005), {}, c));
    expect((await runIn(three, session.id, 'Q3')).result.costUsd).toBeCloseTo(0.005, 10);
    expect(resumes(c)).toEqual([undefined]);
  });
});
