import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { query } from '@anthropic-ai/claude-agent-sdk';
import type { ClaudeKeepAlive } from '../../src/adapters/claude/claude-options.js';
import { ClaudeAdapter } from '../../src/adapters/claude/index.js';
import type { SessionEvent } from '../../src/index.js';
import { InMemorySessionStore, SessionManager, type SessionStore } from '../../src/index.js';
import { SqliteSessionStore } from '../../src/sqlite.js';
import type { ClaudeSandbox } from './claude-sandbox.js';

/** One timed run: its wall time, and when its first streamed text came (both from its start). */
export interface TimedRun {
  readonly ms: number;
  readonly firstTokenMs: number;
}

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

/** Which store a benchmark manager writes to. */
export type StoreKind = 'sqlite' | 'memory';

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
  const chosen: SessionStore =
    store === 'sqlite'
      ? new SqliteSessionStore({ path: join(root, `${store}-${Math.random()}.db`) })
      : new InMemorySessionStore();
  return new SessionManager({ adapter, store: chosen });
}

/**
 * One run of `sessionId` through the manager (`startRun` + `executeRun`), timed from the
 * `startRun` call; the first token is the first `message_streamed` delivered to `onEvent`.
 */
export async function libraryRun(
  manager: SessionManager,
  sessionId: string,
  prompt: string,
): Promise<TimedRun> {
  const start = performance.now();
  let firstTokenMs = Number.NaN;
  const run = await manager.startRun(sessionId, prompt);
  const result = await manager.executeRun(run.id, {
    onEvent: (event: SessionEvent) => {
      if (Number.isNaN(firstTokenMs) && event.type === 'message_streamed') {
        firstTokenMs = performance.now() - start;
      }
    },
  });
  const ms = performance.now() - start;
  if (result.status !== 'completed') {
    throw new Error(`a run through the manager ended ${result.status}: ${result.error?.message}`);
  }
  return { ms, firstTokenMs };
}
