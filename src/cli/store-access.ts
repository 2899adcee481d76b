import { existsSync } from 'node:fs';
import { AgentSessionError } from '../core/agent-session-error.js';
import type { Run } from '../core/run.js';
import type { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { SessionStore } from '../ports/session-store.js';
import { type ParsedArgs, stringFlag } from './args.js';
import { storeError } from './cli-error.js';
import type { CliIo } from './io.js';
import { ownerState } from './run-owner.js';
import { describeStoreProblem } from './store-problem.js';
import { type SessionSummary, type SessionsQuery, StoreReader } from './store-reader.js';
import { openStore, parseStoreUrl, type StoreSpec } from './store-url.js';

/** What the read-only commands read: the newest sessions, one session, its runs, its events. */
export interface ReadSource {
  sessionSummaries(
    query: SessionsQuery,
    limit: number,
  ): SessionSummary[] | Promise<SessionSummary[]>;
  newestSessions(query: SessionsQuery, limit: number): Session[] | Promise<Session[]>;
  getSession(id: string): Session | Promise<Session>;
  getRun(id: string): Run | Promise<Run>;
  runs(sessionId: string): Run[] | Promise<Run[]>;
  events(sessionId: string, after: number, limit: number): SessionEvent[] | Promise<SessionEvent[]>;
  close(): unknown;
}

/** The store named by `--store`, else `ASM_STORE`, else the default SQLite file. */
export function storeSpecOf(args: ParsedArgs, io: CliIo): StoreSpec {
  return parseStoreUrl(stringFlag(args, 'store') ?? io.env.ASM_STORE, io.cwd);
}

/** Whether `spec` is a SQLite file (not an in-memory database). */
export function isSqliteFile(spec: StoreSpec): spec is { kind: 'sqlite'; path: string } {
  return spec.kind === 'sqlite' && spec.path !== ':memory:';
}

/** The error of a read-only command on a store that was never created (exit 2). */
export function noStoreYet(path: string, what: string): AgentSessionError {
  return new AgentSessionError(
    'not_found',
    `no store yet at ${path}: ${what} (start one with: asm run "Hello")`,
    { details: { path } },
  );
}

/**
 * A store error of a SQLite file as one `asm: store <path> <problem>` error (exit 3); anything
 * else unchanged.
 */
export function asStoreError(spec: StoreSpec, error: unknown): unknown {
  if (!isSqliteFile(spec)) return error;
  if (AgentSessionError.isInstance(error)) {
    if (error.category !== 'storage' || typeof error.details.exit === 'number') return error;
  } else if (!(error instanceof Error) || !/sqlite|database/i.test(error.message)) {
    return error;
  }
  return storeError(spec.path, describeStoreProblem(error), error);
}

class StoreSource implements ReadSource {
  readonly #store: SessionStore;
  constructor(store: SessionStore) {
    this.#store = store;
  }
  async newestSessions(query: SessionsQuery, limit: number): Promise<Session[]> {
    const kept: Session[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#store.listSessions({ ...query, limit: 1000, cursor });
      for (const session of page.items) {
        kept.push(session);
        if (kept.length > limit) kept.shift();
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return kept.reverse();
  }
  sessionSummaries(query: SessionsQuery, limit: number) {
    return this.newestSessions(query, limit);
  }
  getSession(id: string) {
    return this.#store.getSession(id);
  }
  getRun(id: string) {
    return this.#store.getRun(id);
  }
  async runs(sessionId: string): Promise<Run[]> {
    const runs: Run[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#store.listRuns(sessionId, { limit: 1000, cursor });
      runs.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return runs;
  }
  events(sessionId: string, after: number, limit: number) {
    return this.#store.readEvents(sessionId, { after, limit });
  }
  close() {
    return this.#store.close();
  }
}

/**
 * End the runs of a SQLite store whose asm owner process is provably gone (killed, crashed), as
 * `asm` does whenever it starts against a store. Needs write access; on a read-only store it does
 * nothing. Returns the runs ended.
 */
export async function endRunsOfGoneOwners(
  path: string,
  running: readonly { owner: string | null }[],
  options: { quiet: boolean } = { quiet: true },
): Promise<Run[]> {
  if (!running.some((run) => ownerState(run.owner) === 'gone')) return [];
  const [{ SqliteSessionStore }, { recoverAbandonedRuns }] = await Promise.all([
    import('../stores/sqlite/sqlite-session-store.js'),
    import('../manager/run/recovery.js'),
  ]);
  let store: SessionStore;
  try {
    store = new SqliteSessionStore({ path });
  } catch (error) {
    if (options.quiet) return [];
    throw storeError(path, describeStoreProblem(error), error);
  }
  try {
    return await recoverAbandonedRuns({
      store,
      bus: { publish: () => undefined },
      isExecutingHere: () => false,
      staleAfterMs: Number.MAX_SAFE_INTEGER,
      isOwnerAlive: ownerGoneOrUnknown,
    });
  } catch (error) {
    if (options.quiet) return [];
    throw storeError(path, describeStoreProblem(error), error);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** `isOwnerAlive` for recovery: false for an asm owner provably gone, else undefined. */
export function ownerGoneOrUnknown(owner: string | null): boolean | undefined {
  return ownerState(owner) === 'gone' ? false : undefined;
}

/**
 * Open the store for a command that only reads. A SQLite file that does not exist is not created:
 * `missing(path)` decides what happens (its result is returned instead of a source). Runs whose
 * asm owner is gone are ended first (when the file is writable).
 *
 * @example
 * ```ts
 * const source = await openReadSource(args, io, (path) => { throw noStoreYet(path, '…'); });
 * ```
 */
export async function openReadSource<T>(
  args: ParsedArgs,
  io: CliIo,
  missing: (path: string) => T,
  options: { endRunsOfGoneOwners: boolean } = { endRunsOfGoneOwners: true },
): Promise<ReadSource | { missing: T }> {
  const spec = storeSpecOf(args, io);
  if (!isSqliteFile(spec)) return new StoreSource(await openStore(spec));
  if (!existsSync(spec.path)) return { missing: missing(spec.path) };
  let reader = StoreReader.open(spec.path);
  if (reader === null) {
    // An older schema: the full store migrates it, then it reads like any other.
    try {
      await (await openStore(spec)).close();
    } catch (error) {
      throw asStoreError(spec, error);
    }
    reader = StoreReader.open(spec.path);
    if (reader === null) throw storeError(spec.path, 'could not be migrated to the current schema');
  }
  if (options.endRunsOfGoneOwners) await endRunsOfGoneOwners(spec.path, reader.runningRuns());
  return reader;
}
