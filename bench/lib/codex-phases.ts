import type { FakeResponses } from '../../src/testing/fake-responses/index.js';
import { codexManager, directCodexRun } from './codex-runs.js';
import { type CodexSandbox, codexSandbox, codexSandboxPids } from './codex-sandbox.js';
import type { BenchProvider } from './provider-phases.js';

/**
 * The Codex CLI against `fake` for the generic phases: the SDK directly (`startThread`, then
 * `resumeThread` of that thread; done at `turn.completed`) and `CodexAdapter`, whose sessions
 * resume their thread from their second run on too. A cancelled run's processes are those with
 * the sandbox's `CODEX_HOME`; a hanging reply hangs after `response.created`.
 */
export function codexBench(fake: FakeResponses): BenchProvider<CodexSandbox> {
  return {
    sandbox: (root, name) => codexSandbox(root, name, fake),
    manager: codexManager,
    direct: async (sandbox, prompt, resume) => {
      const run = await directCodexRun(sandbox, prompt, resume);
      return { ms: run.ms, doneMs: run.completedMs, resume: run.threadId };
    },
    pids: codexSandboxPids,
    hangNext: (answered) =>
      fake.enqueue(() => {
        answered();
        return { hang: true };
      }),
  };
}
