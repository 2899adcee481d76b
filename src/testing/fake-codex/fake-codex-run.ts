// Test helpers: runs of the real Codex SDK on the fake codex executable in temp directories.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Codex, type ThreadEvent, type ThreadOptions } from '@openai/codex-sdk';
import { fakeCodexEnv } from './fake-codex-env.js';
import { fakeCodexExecutable } from './fake-codex-executable.js';
import type { FakeCodexScript } from './fake-codex-script.js';

/** A temp HOME with a CODEX_HOME and a workspace, and a log file for the fake. */
export interface CodexDirs {
  readonly root: string;
  readonly home: string;
  readonly codexHome: string;
  readonly workspace: string;
  readonly log: string;
  remove(): void;
}

export function makeCodexDirs(): CodexDirs {
  const root = mkdtempSync(join(tmpdir(), 'fake-codex-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const workspace = join(root, 'workspace');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  return {
    root,
    home,
    codexHome,
    workspace,
    log: join(root, 'fake-codex.log'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface FakeRun {
  readonly events: ThreadEvent[];
  readonly thrown: Error | undefined;
  readonly threadId: string | null;
}

export interface FakeRunOptions {
  readonly resume?: string;
  readonly thread?: ThreadOptions;
  readonly signal?: AbortSignal;
  /** Called with each event as it arrives. */
  readonly onEvent?: (event: ThreadEvent) => void;
  readonly codexHome?: string;
}

/** One `runStreamed` turn through the SDK on the fake; collects the events and what it threw. */
export async function runFake(
  dirs: CodexDirs,
  script: FakeCodexScript,
  prompt: string,
  options: FakeRunOptions = {},
): Promise<FakeRun> {
  const env = fakeCodexEnv(
    script,
    { HOME: dirs.home, CODEX_HOME: options.codexHome ?? dirs.codexHome },
    { logFile: dirs.log },
  );
  const codex = new Codex({ codexPathOverride: fakeCodexExecutable(), env });
  const threadOptions: ThreadOptions = {
    skipGitRepoCheck: true,
    workingDirectory: dirs.workspace,
    ...options.thread,
  };
  const thread =
    options.resume === undefined
      ? codex.startThread(threadOptions)
      : codex.resumeThread(options.resume, threadOptions);
  const events: ThreadEvent[] = [];
  let thrown: Error | undefined;
  try {
    const { events: stream } = await thread.runStreamed(prompt, { signal: options.signal });
    for await (const event of stream) {
      events.push(event);
      options.onEvent?.(event);
    }
  } catch (error) {
    thrown = error as Error;
  }
  return { events, thrown, threadId: thread.id };
}

/** The fake's log entries (argv, stdin, child pids), one object per line. */
export function readLog(dirs: CodexDirs): Record<string, unknown>[] {
  try {
    return readFileSync(dirs.log, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    return [];
  }
}

/** Live, non-zombie processes whose environment holds `name=value`. */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(needle)) continue;
      if (/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Polls `check` until it holds or `ms` passed; returns its last answer. */
export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
