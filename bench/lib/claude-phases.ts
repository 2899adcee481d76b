import type { FakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { claudeManager, directRun, libraryRun } from './claude-runs.js';
import { type ClaudeSandbox, claudeSandbox, sandboxPids } from './claude-sandbox.js';
import { rotated } from './interleave.js';
import { type BenchProvider, PROMPT } from './provider-phases.js';

/** What the warm phase needs: the one fake server and a directory for sandboxes and databases. */
export interface PhaseContext {
  readonly fake: FakeAnthropic;
  readonly root: string;
}

/**
 * The Claude Code CLI against `fake` for the generic phases: `query()` directly, resuming the
 * previous run's Claude session from the second run on (done at its `result`: `executeRun`
 * returns there too, the adapter letting its CLI exit in the background), and `ClaudeAdapter`. A
 * cancelled run's processes are those with the sandbox's config dir; a hanging reply hangs after
 * `message_start`.
 */
export function claudeBench(fake: FakeAnthropic): BenchProvider<ClaudeSandbox> {
  return {
    sandbox: (root, name) => claudeSandbox(root, name, fake),
    manager: (sandbox, store, root) => claudeManager(sandbox, store, root),
    direct: async (sandbox, prompt, resume) => {
      const run = await directRun(sandbox, prompt, resume);
      return { ms: run.ms, doneMs: run.resultMs, resume: run.claudeSessionId };
    },
    pids: sandboxPids,
    hangNext: (answered) =>
      fake.enqueue(() => {
        answered();
        return { hang: true };
      }),
  };
}

/** The cases of the warm phase. */
export type WarmCase = 'warm' | 'cold' | 'direct';

/**
 * Time to the first streamed token of a session's second run, `sessions` sessions per case,
 * interleaved: `ClaudeAdapter` with `keepAlive` (the second run reuses the first run's CLI), without
 * it (a new CLI resumes), and `query()` directly with `resume` (first `text_delta`). Both managers
 * are on SQLite files; a warm session is completed after its second run, which ends its CLI.
 */
export async function measureWarm(
  ctx: PhaseContext,
  sessions: number,
): Promise<Record<WarmCase, number[]>> {
  const direct = claudeSandbox(ctx.root, 'warm-direct', ctx.fake);
  const warm = claudeManager(claudeSandbox(ctx.root, 'warm-warm', ctx.fake), 'sqlite', ctx.root, {
    idleMs: 60_000,
  });
  const cold = claudeManager(claudeSandbox(ctx.root, 'warm-cold', ctx.fake), 'sqlite', ctx.root);
  const managers = { warm, cold } as const;
  const times: Record<WarmCase, number[]> = { warm: [], cold: [], direct: [] };
  try {
    for (let i = 0; i < sessions; i++) {
      for (const which of rotated<WarmCase>(['warm', 'cold', 'direct'], i)) {
        if (which === 'direct') {
          const first = await directRun(direct, PROMPT, null);
          times.direct.push((await directRun(direct, PROMPT, first.claudeSessionId)).firstTokenMs);
        } else {
          const manager = managers[which];
          const session = await manager.startSession({ agentId: 'bench-warm' });
          await libraryRun(manager, session.id, PROMPT);
          times[which].push((await libraryRun(manager, session.id, PROMPT)).firstTokenMs);
          await manager.completeSession(session.id);
        }
      }
    }
  } finally {
    await warm.close();
    await cold.close();
  }
  return times;
}
