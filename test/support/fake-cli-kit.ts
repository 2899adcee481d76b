import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect } from 'vitest';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import { eventually, type FoundProcess } from './claude-kit.js';

// What the kits of the fake Claude and fake Codex executables share: one test's boxes, stores and
// managers, closed and removed after it, and the fake's log.

const ROOT = resolve(import.meta.dirname, '../..');

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
 * Whether `dist/<built>` (a path under dist/) exists and was built after the last change to a
 * source, as the test suite's global setup does: the built fake then starts faster than the
 * sources through tsx.
 */
export function builtIsFresh(built: string): boolean {
  const file = join(ROOT, 'dist', built);
  return existsSync(file) && statSync(file).mtimeMs >= newestSourceMs();
}

/** The absolute path of `dist/<built>`. */
export function builtPath(built: string): string {
  return join(ROOT, 'dist', built);
}

/** What every box of a fake executable has: its directory, a workspace and the fake's log. */
export interface FakeBoxBase {
  readonly dir: string;
  readonly workspace: string;
  /** Where the fake appends every argv and stdin line (JSON lines). */
  readonly logFile: string;
}

/** One line of a fake's log. */
export interface FakeLogLine {
  readonly pid: number;
  readonly argv?: string[];
  readonly stdin?: string;
}

/** The stores the fast adapter tests run against. */
export type StoreKind = 'memory' | 'sqlite';

/** How a kit lays out its boxes and finds their processes. */
export interface FakeBoxLayout<Box extends FakeBoxBase> {
  /** The prefix of each box's temp dir. */
  readonly prefix: string;
  /** The box in the new directory `dir`, its directories made. */
  readonly make: (dir: string) => Box;
  /** The live processes of a box (the fake CLI and anything it started). */
  readonly processes: (box: Box) => FoundProcess[];
}

/**
 * Boxes, stores and managers for one test file, and the adapters given to `track`; all closed
 * and removed after each test, and no process of a box may outlive that.
 */
export function useFakeBoxes<Box extends FakeBoxBase>(layout: FakeBoxLayout<Box>) {
  const dirs: string[] = [];
  const boxes: Box[] = [];
  const adapters: ProviderAdapter[] = [];
  const managers: SessionManager[] = [];
  const stores: SessionStore[] = [];

  afterEach(async () => {
    for (const m of managers.splice(0)) await m.close();
    for (const a of adapters.splice(0)) await a.close?.();
    for (const s of stores.splice(0)) await s.close();
    const left = () => boxes.flatMap((b) => layout.processes(b));
    const gone = await eventually(() => left().length === 0, 3_000);
    const leftover = gone ? [] : left();
    boxes.splice(0);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    expect(leftover, 'processes of the test left behind').toEqual([]);
  });

  const box = (): Box => {
    const dir = mkdtempSync(join(tmpdir(), layout.prefix));
    dirs.push(dir);
    const b = layout.make(dir);
    boxes.push(b);
    return b;
  };

  const store = (kind: StoreKind, path?: string): SessionStore => {
    let made: SessionStore;
    if (kind === 'memory') made = new InMemorySessionStore();
    else made = new SqliteSessionStore({ path: path ?? join(box().dir, 'sessions.db') });
    stores.push(made);
    return made;
  };

  const manager = (on: SessionStore, adapter: ProviderAdapter): SessionManager => {
    const made = new SessionManager({ store: on, adapter, telemetry: false });
    managers.push(made);
    return made;
  };

  return {
    box,
    /** Close `adapter` after the test. */
    track<A extends ProviderAdapter>(adapter: A): A {
      adapters.push(adapter);
      return adapter;
    },
    /** A store of `kind` (an SQLite file at `path`, under a new temp dir by default). */
    store,
    /** A manager on `store` (telemetry off). */
    manager,
    /** A new box, and a manager on a memory store and the adapter `adapterIn` makes in the box. */
    managed(adapterIn: (b: Box) => ProviderAdapter) {
      const b = box();
      const memory = store('memory');
      return { box: b, store: memory, manager: manager(memory, adapterIn(b)) };
    },
  };
}

/** Everything the fake logged in `b` (empty when it never ran). */
export function readFakeLog<Line extends FakeLogLine>(b: FakeBoxBase): Line[] {
  if (!existsSync(b.logFile)) return [];
  return readFileSync(b.logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
}

/** The argv of each fake process started in `b`, in order. */
export function argvs(b: FakeBoxBase): string[][] {
  return readFakeLog(b).flatMap((e) => (e.argv === undefined ? [] : [e.argv]));
}

/** Whether a process with `pid` is alive (and not a zombie). */
export function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
