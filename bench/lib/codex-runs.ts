import { performance } from 'node:perf_hooks';
import { Codex } from '@openai/codex-sdk';
import { CodexAdapter } from '../../src/adapters/codex/index.js';
import type { SessionManager } from '../../src/index.js';
import type { CodexSandbox } from './codex-sandbox.js';
import { benchManager, type StoreKind } from './library-run.js';

/** A direct run, with the thread it started or continued. */
export interface DirectCodexRun {
  /** From `new Codex()` until the event iterator ended (the CLI has exited). */
  readonly ms: number;
  /** Until `turn.completed` came. */
  readonly completedMs: number;
  readonly threadId: string;
}

/**
 * One turn of the Codex CLI through the SDK with what `CodexAdapter` passes (`config`, the whole
 * environment, the thread options): `startThread`, or `resumeThread(threadId)` with the same
 * options, then `runStreamed` iterated to its end.
 */
export async function directCodexRun(
  sandbox: CodexSandbox,
  prompt: string,
  threadId: string | null,
): Promise<DirectCodexRun> {
  const start = performance.now();
  let completedMs = Number.NaN;
  let id: string | null = threadId;
  let failure: string | null = null;
  const codex = new Codex({ config: sandbox.config, env: { ...sandbox.env } });
  const thread =
    threadId === null
      ? codex.startThread(sandbox.threadOptions)
      : codex.resumeThread(threadId, sandbox.threadOptions);
  const { events } = await thread.runStreamed(prompt);
  for await (const event of events) {
    if (event.type === 'thread.started') id = event.thread_id;
    else if (event.type === 'turn.completed') completedMs = performance.now() - start;
    else if (event.type === 'turn.failed') failure = event.error.message;
  }
  const ms = performance.now() - start;
  if (failure !== null || id === null || Number.isNaN(completedMs)) {
    throw new Error(`a direct Codex turn did not complete: ${failure ?? 'no turn.completed'}`);
  }
  return { ms, completedMs, threadId: id };
}

/** A `SessionManager` on a `CodexAdapter` in `sandbox`, on a SQLite file in `root` or in memory. */
export function codexManager(
  sandbox: CodexSandbox,
  store: StoreKind,
  root: string,
): SessionManager {
  const o = sandbox.threadOptions;
  const adapter = new CodexAdapter({
    workingDirectory: sandbox.workspace,
    ...(o.skipGitRepoCheck === undefined ? {} : { skipGitRepoCheck: o.skipGitRepoCheck }),
    ...(o.model === undefined ? {} : { model: o.model }),
    ...(o.sandboxMode === undefined ? {} : { sandboxMode: o.sandboxMode }),
    config: sandbox.config,
    env: sandbox.fakeEnv,
  });
  return benchManager(adapter, store, root);
}
