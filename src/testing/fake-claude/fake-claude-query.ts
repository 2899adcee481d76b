import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Options,
  query,
  type SDKMessage,
  type SDKUserMessage,
} from '@anthropic-ai/claude-agent-sdk';
import { fakeClaudeEnv } from './fake-claude-env.js';
import { fakeClaudeExecutable } from './fake-claude-executable.js';
import type { FakeClaudeScript } from './fake-claude-script.js';

/** Temporary config, home and working dirs for one test, and the fake's log file. */
export interface FakeClaudeDirs {
  readonly root: string;
  readonly config: string;
  readonly cwd: string;
  readonly log: string;
  remove(): void;
}

export function makeFakeClaudeDirs(): FakeClaudeDirs {
  const root = mkdtempSync(join(tmpdir(), 'fake-claude-'));
  const config = join(root, 'config');
  const cwd = join(root, 'work.space_1');
  for (const dir of [config, join(root, 'home'), cwd]) mkdirSync(dir, { recursive: true });
  return {
    root,
    config,
    cwd,
    log: join(root, 'fake-claude.log'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The messages a `query()` yielded, and what it threw at the end (if it threw). */
export interface QueryOutcome {
  readonly messages: SDKMessage[];
  readonly thrown: Error | undefined;
}

/** Options for `runFakeQuery`: SDK options merged over the fake's, and a hook per message. */
export interface FakeQueryOptions {
  readonly options?: Partial<Options>;
  readonly onMessage?: (message: SDKMessage, q: ReturnType<typeof query>) => void;
}

/** Runs `query()` against the fake Claude executable with `script`, collecting every message. */
export async function runFakeQuery(
  dirs: FakeClaudeDirs,
  prompt: string | AsyncIterable<SDKUserMessage>,
  script: FakeClaudeScript,
  extra: FakeQueryOptions = {},
): Promise<QueryOutcome> {
  const q = query({
    prompt,
    options: {
      pathToClaudeCodeExecutable: fakeClaudeExecutable(),
      env: fakeClaudeEnv(
        script,
        { CLAUDE_CONFIG_DIR: dirs.config, HOME: join(dirs.root, 'home') },
        { logFile: dirs.log },
      ),
      cwd: dirs.cwd,
      settingSources: [],
      includePartialMessages: true,
      ...extra.options,
    },
  });
  const messages: SDKMessage[] = [];
  try {
    for await (const message of q) {
      messages.push(message);
      extra.onMessage?.(message, q);
    }
    return { messages, thrown: undefined };
  } catch (error) {
    return { messages, thrown: error as Error };
  }
}

/** The JSON lines the fake wrote to its log (`{ pid, argv }` and `{ pid, stdin }` entries). */
export function readFakeClaudeLog(dirs: FakeClaudeDirs): Array<Record<string, unknown>> {
  return readFileSync(dirs.log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A user message for streaming input. */
export function userInput(text: string): SDKUserMessage {
  return {
    type: 'user',
    message: { role: 'user', content: text },
    parent_tool_use_id: null,
    session_id: '',
  };
}
