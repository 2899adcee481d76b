import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodexAdapter } from '../../src/adapters/codex/codex-adapter.js';
import type { CodexAdapterOptions } from '../../src/adapters/codex/codex-options.js';
import {
  type FakeCodexScript,
  fakeCodexEnv,
  fakeCodexExecutable,
  findCodexRollout,
} from '../../src/testing/fake-codex/index.js';
import { eventually, type FoundProcess, processesWithEnv } from './claude-kit.js';
import {
  alive,
  argvs,
  builtIsFresh,
  builtPath,
  type FakeBoxBase,
  type FakeLogLine,
  readFakeLog,
  type StoreKind,
  useFakeBoxes,
} from './fake-cli-kit.js';
import { filesUnder } from './temp-dirs.js';

export { executing, ofType, runIn, withoutProviderFiles } from './provider-runs.js';
export { eventually };

// Test helpers for CodexAdapter on the fake codex executable (the fast tier).

/** A model slug the Codex binary knows. */
export const CODEX_MODEL = 'gpt-5.5';

/**
 * The fake codex executable: the built one (about 55 ms a run instead of 250 ms through tsx) when
 * dist/ was built after the last change to a source, as the suite's global setup does; the one
 * running the sources otherwise.
 */
async function pickExecutable(): Promise<string> {
  const launcher = 'testing/fake-codex/fake-codex-executable.js';
  if (builtIsFresh(launcher)) {
    const built = (await import(pathToFileURL(builtPath(launcher)).href)) as {
      fakeCodexExecutable: () => string;
    };
    return built.fakeCodexExecutable();
  }
  return fakeCodexExecutable();
}

const EXECUTABLE = await pickExecutable();

/** The fake codex executable the kit's adapters run. */
export function fakeExecutable(): string {
  return EXECUTABLE;
}

/** One test's directories: a HOME with its CODEX_HOME, a workspace and the fake's log. */
export interface CodexBox extends FakeBoxBase {
  readonly home: string;
  readonly codexHome: string;
}

/** One line of the fake's log. */
export interface FakeCodexLogEntry extends FakeLogLine {
  readonly cwd?: string;
  readonly child?: number;
}

/**
 * Boxes, adapters on the fake codex executable, stores and managers for one test file; all closed
 * and removed after each test, and no process of a box may outlive that.
 */
export function useFakeCodex() {
  const { box, track, store, manager, managed } = useFakeBoxes<CodexBox>({
    prefix: 'asm-fake-codex-',
    make: (dir) => {
      const home = join(dir, 'home');
      const b = {
        dir,
        home,
        codexHome: join(home, '.codex'),
        workspace: join(dir, 'workspace'),
        logFile: join(dir, 'fake-codex.log'),
      };
      for (const d of [b.codexHome, b.workspace]) mkdirSync(d, { recursive: true });
      return b;
    },
    processes: boxProcesses,
  });

  return {
    box,
    /** A CodexAdapter running the fake with `script` in `b` (a new box by default). */
    adapter(
      script: FakeCodexScript,
      options: CodexAdapterOptions = {},
      b: CodexBox = box(),
    ): CodexAdapter {
      const adapter = new CodexAdapter({
        codexPathOverride: fakeExecutable(),
        workingDirectory: b.workspace,
        skipGitRepoCheck: true,
        model: CODEX_MODEL,
        ...options,
        env: {
          ...fakeCodexEnv(
            script,
            { CODEX_HOME: b.codexHome, HOME: b.home },
            { logFile: b.logFile },
          ),
          ...options.env,
        },
      });
      return track(adapter);
    },
    store,
    manager,
    managed,
  };
}

/** Everything the fake logged in `b` (empty when it never ran). */
export function readLog(b: CodexBox): FakeCodexLogEntry[] {
  return readFakeLog<FakeCodexLogEntry>(b);
}

export { alive, argvs, filesUnder, type StoreKind };

/** The prompt (stdin) each fake process of `b` read, in order. */
export function prompts(b: CodexBox): string[] {
  return readLog(b).flatMap((e) => (e.stdin === undefined ? [] : [e.stdin]));
}

/** The pids of the children (a running command) the fake processes of `b` started. */
export function childPids(b: CodexBox): number[] {
  return readLog(b).flatMap((e) => (e.child === undefined ? [] : [e.child]));
}

/** The value after `name` in an argv (`--model gpt-5.5`, `resume <id>`), or undefined. */
export function argAfter(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at < 0 ? undefined : argv[at + 1];
}

/** The thread each fake process of `b` resumed (undefined for a new thread), in order. */
export function resumes(b: CodexBox): (string | undefined)[] {
  return argvs(b).map((argv) => argAfter(argv, 'resume'));
}

/** The live processes of `b`: the fake binary and whatever it started (they inherit its env). */
export function boxProcesses(b: CodexBox): FoundProcess[] {
  return processesWithEnv('CODEX_HOME', b.codexHome);
}

/** Where the fake of `b` keeps the thread `id`, or undefined. */
export function rolloutOf(b: CodexBox, id: string): string | undefined {
  return findCodexRollout(b.codexHome, id);
}
