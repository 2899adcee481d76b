import { performance } from 'node:perf_hooks';
import { query } from '@anthropic-ai/claude-agent-sdk';
import type { ClaudeKeepAlive } from '../../src/adapters/claude/claude-options.js';
import { ClaudeAdapter } from '../../src/adapters/claude/index.js';
import type { SessionManager } from '../../src/index.js';
import type { ClaudeSandbox } from './claude-sandbox.js';
import { benchManager, type StoreKind, type TimedRun } from './library-run.js';

export { libraryRun, type StoreKind, type TimedRun } from './library-run.js';

/** A direct run, with the Claude session it started or continued. */
export interface DirectRun extends TimedRun {
  /** When the `result` message came; the iterator ends later, once the CLI has exited. */
  readonly resultMs: number;
  readonly claudeSessionId: string;
}

/**
 * One `query()` of the Claude Code CLI with the options `ClaudeAdapter` passes (env, cwd, no
 * setting sources, partial messages, `resume` when given), iterated to its end.
 */
export async function directRun(
  sandbox: ClaudeSandbox,
  prompt: string,
  resume: string | null,
): Promise<DirectRun> {
  const start = performance.now();
  let firstTokenMs = Number.NaN;
  let resultMs = Number.NaN;
  let claudeSessionId: string | null = null;
  let ok = false;
  const q = query({
    prompt,
    options: {
      settingSources: [],
      cwd: sandbox.workspace,
      env: { ...sandbox.env },
      includePartialMessages: true,
      ...(resume === null ? {} : { resume }),
    },
  });
  for await (const message of q) {
    if (
      Number.isNaN(firstTokenMs) &&
      message.type === 'stream_event' &&
      message.event.type === 'content_block_delta' &&
      message.event.delta.type === 'text_delta'
    ) {
      firstTokenMs = performance.now() - start;
    }
    if (message.type === 'result') {
      resultMs = performance.now() - start;
      claudeSessionId = message.session_id;
      ok = message.subtype === 'success' && !message.is_error;
    }
  }
  const ms = performance.now() - start;
  if (!ok || claudeSessionId === null) throw new Error('a direct query() did not succeed');
  return { ms, firstTokenMs, resultMs, claudeSessionId };
}

/** A `SessionManager` on a `ClaudeAdapter` in `sandbox`, on a SQLite file in `root` or in memory. */
export function claudeManager(
  sandbox: ClaudeSandbox,
  store: StoreKind,
  root: string,
  keepAlive?: ClaudeKeepAlive,
): SessionManager {
  const adapter = new ClaudeAdapter({
    cwd: sandbox.workspace,
    env: sandbox.fakeEnv,
    ...(keepAlive === undefined ? {} : { keepAlive }),
  });
  return benchManager(adapter, store, root);
}
