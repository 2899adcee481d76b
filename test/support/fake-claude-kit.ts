import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeAdapter } from '../../src/adapters/claude/claude-adapter.js';
import type { ClaudeAdapterOptions } from '../../src/adapters/claude/claude-options.js';
import {
  claudeSessionFilePath,
  type FakeClaudeScript,
  fakeClaudeEnv,
  fakeClaudeExecutable,
} from '../../src/testing/fake-claude/index.js';
import { processesWithEnv } from './claude-kit.js';
import {
  argvs,
  builtIsFresh,
  builtPath,
  type FakeBoxBase,
  type FakeLogLine,
  readFakeLog,
  type StoreKind,
  useFakeBoxes,
} from './fake-cli-kit.js';

let executable: string | null = null;

/**
 * The fake Claude executable to run: the built one (about 70 ms a start instead of 190 ms from
 * the sources through tsx) when dist/ was built after the last change to a source, as the test
 * suite's global setup does; the sources otherwise.
 */
export function fakeExecutable(): string {
  if (executable === null) {
    const built = 'testing/fake-claude/fake-claude-bin.js';
    executable = builtIsFresh(built) ? builtPath(built) : fakeClaudeExecutable();
  }
  return executable;
}

/** One test's directories for the fake Claude executable: a config dir, a home and a workspace. */
export interface FakeBox extends FakeBoxBase {
  readonly configDir: string;
  readonly home: string;
}

/** One line of the fake's log. */
export type FakeLogEntry = FakeLogLine;

/**
 * Sandboxes, adapters on the fake Claude executable, stores and managers for one test file; all
 * closed and removed after each test, and no process of a sandbox may outlive that.
 */
export function useFakeClaude() {
  const { box, track, store, manager, managed } = useFakeBoxes<FakeBox>({
    prefix: 'asm-fake-claude-',
    make: (dir) => {
      const b = {
        dir,
        configDir: join(dir, 'config'),
        home: join(dir, 'home'),
        workspace: join(dir, 'workspace'),
        logFile: join(dir, 'fake-claude.log'),
      };
      for (const d of [b.configDir, b.home, b.workspace]) mkdirSync(d);
      return b;
    },
    processes: boxProcesses,
  });

  /** The fake's environment for `script` in `b` (extra variables on top). */
  const env = (script: FakeClaudeScript, b: FakeBox, extra: Record<string, string> = {}) =>
    fakeClaudeEnv(
      script,
      { CLAUDE_CONFIG_DIR: b.configDir, HOME: b.home, ...extra },
      { logFile: b.logFile },
    );

  return {
    box,
    env,
    /** A ClaudeAdapter running the fake with `script` in `b` (a new sandbox by default). */
    adapter(
      script: FakeClaudeScript,
      options: ClaudeAdapterOptions = {},
      b: FakeBox = box(),
    ): ClaudeAdapter {
      const adapter = new ClaudeAdapter({
        pathToClaudeCodeExecutable: fakeExecutable(),
        cwd: b.workspace,
        ...options,
        env: { ...env(script, b), ...(options.env as Record<string, string> | undefined) },
      });
      return track(adapter);
    },
    store,
    manager,
    managed,
  };
}

/** Everything the fake logged in `b` (empty when it never ran). */
export function readLog(b: FakeBox): FakeLogEntry[] {
  return readFakeLog<FakeLogEntry>(b);
}

export { argvs, type StoreKind };

/** The value of `--name` in an argv (`--name=value` or `--name value`), or undefined. */
export function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
    if (arg === `--${name}`) return argv[i + 1];
  }
  return undefined;
}

/** The parsed stdin lines the fake received in `b`, with the pid that received each. */
export function stdinLines(b: FakeBox): Array<{ pid: number; line: Record<string, unknown> }> {
  return readLog(b).flatMap((e) =>
    e.stdin === undefined || e.stdin.trim() === ''
      ? []
      : [{ pid: e.pid, line: JSON.parse(e.stdin) as Record<string, unknown> }],
  );
}

/** The text of each user message the fake received in `b`, in order. */
export function userTexts(b: FakeBox): string[] {
  return stdinLines(b).flatMap(({ line }) => {
    if (line.type !== 'user') return [];
    const content = (line.message as { content?: unknown } | undefined)?.content;
    if (typeof content === 'string') return [content];
    if (!Array.isArray(content)) return [];
    return [
      content
        .filter((block: { type?: unknown }) => block?.type === 'text')
        .map((block: { text?: unknown }) => String(block.text))
        .join('\n'),
    ];
  });
}

/** The pid of the fake process that got each user message in `b`, in order. */
export function turnPids(b: FakeBox): number[] {
  const pids = stdinLines(b)
    .filter(({ line }) => line.type === 'user')
    .map(({ pid }) => pid);
  return pids;
}

/** Where the fake of `b` keeps the Claude session `id`. */
export function sessionFile(b: FakeBox, id: string): string {
  return claudeSessionFilePath(b.configDir, b.workspace, id);
}

export { ofType, runIn } from './provider-runs.js';

/** The live processes of `b` (the fake CLI and anything it started). */
export function boxProcesses(b: FakeBox) {
  return processesWithEnv('CLAUDE_CONFIG_DIR', b.configDir);
}
