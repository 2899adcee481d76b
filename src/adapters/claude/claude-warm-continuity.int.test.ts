import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  argvs,
  boxProcesses,
  flag,
  runIn,
  sessionFile,
  turnPids,
  useFakeClaude,
} from '../../../test/support/fake-claude-kit.js';

// Warm Claude sessions and continuity through SessionManager on the fake Claude executable: each
// run's own cost on one long-lived process, the session file kept in the store from a warm
// process, and one process per session.

const kit = useFakeClaude();
const WARM = { keepAlive: { idleMs: 60_000 } };

describe('a warm Claude session and continuity', () => {
  it("reports each run's own cost and usage though the process keeps session totals", async () => {
    const box = kit.box();
    const runs = [
      { costUsd: 0.01, usage: { input_tokens: 100, output_tokens: 10 } },
      { costUsd: 0.03, usage: { input_tokens: 300, output_tokens: 30 } },
      { costUsd: 0.02, usage: { input_tokens: 200, output_tokens: 20 } },
    ];
    const manager = kit.manager(
      kit.store('memory'),
      kit.adapter({ turns: runs.map((r, i) => ({ text: `Answer ${i}`, ...r })) }, WARM, box),
    );
    const session = await manager.startSession({ agentId: 'warm-costs' });
    const results = [];
    for (const i of [0, 1, 2]) results.push((await runIn(manager, session.id, `Q${i}`)).result);
    expect(new Set(turnPids(box)).size).toBe(1);
    results.forEach((result, i) => {
      expect(result.output?.content).toBe(`Answer ${i}`);
      expect(result.costUsd).toBeCloseTo(runs[i]?.costUsd ?? NaN, 10);
      expect(result.tokenUsage).toMatchObject({
        inputTokens: runs[i]?.usage.input_tokens,
        outputTokens: runs[i]?.usage.output_tokens,
      });
    });
  });

  it('keeps the session file in the store from a warm process, so another config dir resumes it', async () => {
    const a = kit.box();
    const db = join(a.dir, 'sessions.db');
    const one = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, WARM, a));
    const session = await one.startSession({ agentId: 'warm-portable' });
    await runIn(one, session.id, 'Remember kiwi');
    await runIn(one, session.id, 'And mango');
    const claudeId = (await one.getSession(session.id)).providerSessionId ?? '';
    await one.close();
    expect(boxProcesses(a)).toEqual([]);

    const b = kit.box();
    const two = kit.manager(kit.store('sqlite', db), kit.adapter({ turns: [] }, WARM, b));
    const third = await runIn(two, session.id, 'Which fruits?');
    // Both runs of the warm process made it into the stored copy.
    expect(third.result.output?.content).toBe('Echo: Which fruits? (history: 4)');
    expect(flag(argvs(b)[0] ?? [], 'resume')).toBe(claudeId);
    expect(existsSync(sessionFile(b, claudeId))).toBe(true);
  });

  it('gives each session its own process', async () => {
    const box = kit.box();
    const manager = kit.manager(kit.store('memory'), kit.adapter({ turns: [] }, WARM, box));
    const s1 = await manager.startSession({ agentId: 'one' });
    const s2 = await manager.startSession({ agentId: 'two' });
    const a1 = await runIn(manager, s1.id, 'A');
    const b1 = await runIn(manager, s2.id, 'B');
    const a2 = await runIn(manager, s1.id, 'A again');
    const b2 = await runIn(manager, s2.id, 'B again');
    expect([a1, b1, a2, b2].map((r) => r.result.output?.content)).toEqual([
      'Echo: A (history: 0)',
      'Echo: B (history: 0)',
      'Echo: A again (history: 2)',
      'Echo: B again (history: 2)',
    ]);
    const [p1, p2, p3, p4] = turnPids(box);
    expect(p3).toBe(p1);
    expect(p4).toBe(p2);
    expect(p2).not.toBe(p1);
    expect(boxProcesses(box)).toHaveLength(2);
  });
});
