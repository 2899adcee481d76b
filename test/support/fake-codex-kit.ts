import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect } from 'vitest';
import { CodexAdapter } from '../../src/adapters/codex/codex-adapter.js';
import type { CodexAdapterOptions } from '../../src/adapters/codex/codex-options.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import {
  type FakeCodexScript,
  fakeCodexEnv,
  fakeCodexExecutable,
  findCodexRollout,
} from '../../src/testing/fake-codex/index.js';
import { eventually, type FoundProcess, processesWithEnv } from './claude-kit.js';

export { executing, ofType, runIn, withoutProviderFiles } from './claude-runs.js';
export { eventually };

// Test helpers for CodexAdapter on the fake codex executable (the fast tier).

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT_LAUNCHER = join(ROOT, 'dist/testing/fake-codex/fake-codex-executable.js');

/** A model slug the Codex binary knows. */
export const CODEX_MODEL = 'gpt-5.5';

/** The newest modification time (ms) of the non-test TypeScript sources under src/. */
function newestSourceMs(): number {
  let newest = 0;
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The fake codex executable: the built one (about 55 ms a run instead of 250 ms through tsx) when
 * dist/ was built after the last change to a source, as the suite's global setup does; the one
 * running the sources otherwise.
 */
async function pickExecutable(): Promise<string> {
  if (existsSync(BUILT_LAUNCHER) && statSync(BUILT_LAUNCHER).mtimeMs >= newestSourceMs()) {
    const built = (await import(pathToFileURL(BUILT_LAUNCHER).href)) as {
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
export interface CodexBox {
  readonly dir: string;
  readonly home: string;
  readonly codexHome: string;
  readonly workspace: string;
  readonly logFile: string;
}

/** One line of the fake's log. */
export interface FakeCodexLogEntry {
  readonly pid: number;
  readonly argv?: string[];
  readonly cwd?: string;
  readonly stdin?: string;
  readonly child?: number;
}

/** The stores the fast Codex tests run against. */
export type StoreKind = 'memory' | 'sqlite';

/**
 * Boxes, adapters on the fake codex executable, stores and managers for one test file; all closed
 * and removed after each test, and no process of a box may outlive that.
 */
export function useFakeCodex() {
  const dirs: string[] = [];
  const boxes: CodexBox[] = [];
  const adapters: CodexAdapter[] = [];
  const managers: SessionManager[] = [];
  const stores: SessionStore[] = [];

  afterEach(async () => {
    for (const m of managers.splice(0)) await m.close();
    for (const a of adapters.splice(0)) await a.close();
    for (const s of stores.splice(0)) await s.close();
    const left = () => boxes.flatMap((b) => boxProcesses(b));
    const gone = await eventually(() => left().length === 0, 3_000);
    const leftover = gone ? [] : left();
    boxes.splice(0);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    expect(leftover, 'processes of the test left behind').toEqual([]);
  });

  const box = (): CodexBox => {
    const dir = mkdtempSync(join(tmpdir(), 'asm-fake-codex-'));
    dirs.push(dir);
    const home = join(dir, 'home');
    const b = {
      dir,
      home,
      codexHome: join(home, '.codex'),
      workspace: join(dir, 'workspace'),
      logFile: join(dir, 'fake-codex.log'),
    };
    for (const d of [b.codexHome, b.workspace]) mkdirSync(d, { recursive: true });
    boxes.push(b);
    return b;
  };

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
      adapters.push(adapter);
      return adapter;
    },
    /** A store of `kind` (an SQLite file at `path`, under a new temp dir by default). */
    store(kind: StoreKind, path?: string): SessionStore {
      let store: SessionStore;
      if (kind === 'memory') store = new InMemorySessionStore();
      else store = new SqliteSessionStore({ path: path ?? join(box().dir, 'sessions.db') });
      stores.push(store);
      return store;
    },
    /** A manager on `store` (telemetry off). */
    manager(store: SessionStore, adapter: ProviderAdapter): SessionManager {
      const manager = new SessionManager({ store, adapter, telemetry: false });
      managers.push(manager);
      return manager;
    },
  };
}

/** Everything the fake logged in `b` (empty when it never ran). */
export function readLog(b: CodexBox): FakeCodexLogEntry[] {
  if (!existsSync(b.logFile)) return [];
  return readFileSync(b.logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FakeCodexLogEntry);
}

/** The argv of each fake process started in `b`, in order. */
export function argvs(b: CodexBox): string[][] {
  return readLog(b).flatMap((e) => (e.argv === undefined ? [] : [e.argv]));
}

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

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Whether a process with `pid` is alive (and not a zombie). */
export function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
