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
import { join, resolve } from 'node:path';
import { afterEach, expect } from 'vitest';
import { ClaudeAdapter } from '../../src/adapters/claude/claude-adapter.js';
import type { ClaudeAdapterOptions } from '../../src/adapters/claude/claude-options.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import {
  claudeSessionFilePath,
  type FakeClaudeScript,
  fakeClaudeEnv,
  fakeClaudeExecutable,
} from '../../src/testing/fake-claude/index.js';
import { eventually, processesWithEnv } from './claude-kit.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT_FAKE = join(ROOT, 'dist/testing/fake-claude/fake-claude-bin.js');
let executable: string | null = null;

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
 * The fake Claude executable to run: the built one (about 70 ms a start instead of 190 ms from
 * the sources through tsx) when dist/ was built after the last change to a source, as the test
 * suite's global setup does; the sources otherwise.
 */
export function fakeExecutable(): string {
  if (executable === null) {
    const fresh = existsSync(BUILT_FAKE) && statSync(BUILT_FAKE).mtimeMs >= newestSourceMs();
    executable = fresh ? BUILT_FAKE : fakeClaudeExecutable();
  }
  return executable;
}

/** One test's directories for the fake Claude executable: a config dir, a home and a workspace. */
export interface FakeBox {
  readonly dir: string;
  readonly configDir: string;
  readonly home: string;
  readonly workspace: string;
  /** Where the fake appends every argv and stdin line (JSON lines). */
  readonly logFile: string;
}

/** One line of the fake's log. */
export interface FakeLogEntry {
  readonly pid: number;
  readonly argv?: string[];
  readonly stdin?: string;
}

/** The stores the fast Claude tests run against. */
export type StoreKind = 'memory' | 'sqlite';

/**
 * Sandboxes, adapters on the fake Claude executable, stores and managers for one test file; all
 * closed and removed after each test, and no process of a sandbox may outlive that.
 */
export function useFakeClaude() {
  const dirs: string[] = [];
  const boxes: FakeBox[] = [];
  const adapters: ClaudeAdapter[] = [];
  const managers: SessionManager[] = [];
  const stores: SessionStore[] = [];

  afterEach(async () => {
    for (const m of managers.splice(0)) await m.close();
    for (const a of adapters.splice(0)) await a.close();
    for (const s of stores.splice(0)) await s.close();
    const left = () => boxes.flatMap((b) => processesWithEnv('CLAUDE_CONFIG_DIR', b.configDir));
    const gone = await eventually(() => left().length === 0, 3_000);
    boxes.splice(0);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    expect(gone, 'processes of the test left behind').toBe(true);
  });

  const box = (): FakeBox => {
    const dir = mkdtempSync(join(tmpdir(), 'asm-fake-claude-'));
    dirs.push(dir);
    const b = {
      dir,
      configDir: join(dir, 'config'),
      home: join(dir, 'home'),
      workspace: join(dir, 'workspace'),
      logFile: join(dir, 'fake-claude.log'),
    };
    for (const d of [b.configDir, b.home, b.workspace]) mkdirSync(d);
    boxes.push(b);
    return b;
  };

  return {
    box,
    /** The fake's environment for `script` in `b` (extra variables on top). */
    env(script: FakeClaudeScript, b: FakeBox, extra: Record<string, string> = {}) {
      return fakeClaudeEnv(
        script,
        { CLAUDE_CONFIG_DIR: b.configDir, HOME: b.home, ...extra },
        { logFile: b.logFile },
      );
    },
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
        env: {
          ...fakeClaudeEnv(
            script,
            { CLAUDE_CONFIG_DIR: b.configDir, HOME: b.home },
            { logFile: b.logFile },
          ),
          ...(options.env as Record<string, string> | undefined),
        },
      });
      adapters.push(adapter);
      return adapter;
    },
    /** A store of `kind` (an SQLite file at `path`, under a new temp dir by default). */
    store(kind: StoreKind, path?: string): SessionStore {
      let store: SessionStore;
      if (kind === 'memory') store = new InMemorySessionStore();
      else {
        const file = path ?? join(box().dir, 'sessions.db');
        store = new SqliteSessionStore({ path: file });
      }
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
export function readLog(b: FakeBox): FakeLogEntry[] {
  if (!existsSync(b.logFile)) return [];
  return readFileSync(b.logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FakeLogEntry);
}

/** The argv of each fake process started in `b`, in order. */
export function argvs(b: FakeBox): string[][] {
  return readLog(b).flatMap((e) => (e.argv === undefined ? [] : [e.argv]));
}

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

export { ofType, runIn } from './claude-runs.js';

/** The live processes of `b` (the fake CLI and anything it started). */
export function boxProcesses(b: FakeBox) {
  return processesWithEnv('CLAUDE_CONFIG_DIR', b.configDir);
}
