import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { SessionEvent } from '../../core/session-event.js';
import { expectInteger, expectObject } from '../../core/validate.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { StoredEventsSink } from '../events/stored-events-sink.js';

/** What `recover()` needs. */
export interface RecoveryDeps {
  readonly store: SessionStore;
  /** Where the stored `run_failed` events are published. */
  readonly bus: StoredEventsSink;
  /** Runs executing in this manager are alive whatever their heartbeat says. */
  readonly isExecutingHere: (runId: string) => boolean;
  readonly staleAfterMs: number;
  /**
   * What the caller knows of a run's owner: `false` when it is known to be gone (the run is ended
   * now, whatever its heartbeat says), `true` when it is known to be running (the run is left
   * alone), `undefined` when it cannot tell (heartbeat staleness decides, as without this option).
   */
  readonly isOwnerAlive?: ((owner: string | null, run: Run) => boolean | undefined) | undefined;
  readonly now?: number;
}

/** A default owner id: host, process id and a random part, unique per manager. */
export function defaultOwnerId(hostname: string, pid: number): string {
  return `${hostname}:${pid}:${Math.random().toString(16).slice(2, 10)}`;
}

async function runningRuns(store: SessionStore): Promise<Run[]> {
  const runs: Run[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.findRuns({ status: 'running', limit: 1000, cursor });
    runs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return runs;
}

function lastSign(run: Run): string {
  return run.heartbeatAt ?? run.startedAt ?? run.createdAt;
}

/**
 * Find runs stored as `running` whose owner stopped heartbeating (its process died), or whose owner
 * `isOwnerAlive` says is gone, and mark each failed (`internal_error`) with its `run_failed` event,
 * in one commit per run. A run that changed meanwhile (its owner was alive after all, or another
 * process recovered it) is left alone.
 *
 * @example
 * ```ts
 * const recovered = await recoverAbandonedRuns({
 *   store, bus, staleAfterMs: 15_000, isExecutingHere: () => false,
 *   isOwnerAlive: (owner) => (owner === deadOwner ? false : undefined),
 * });
 * ```
 */
export async function recoverAbandonedRuns(deps: RecoveryDeps): Promise<Run[]> {
  const now = deps.now ?? Date.now();
  const recovered: Run[] = [];
  for (const run of await runningRuns(deps.store)) {
    if (deps.isExecutingHere(run.id)) continue;
    const seen = lastSign(run);
    const alive = deps.isOwnerAlive?.(run.owner, run);
    if (alive === true) continue;
    if (alive !== false && now - Date.parse(seen) <= deps.staleAfterMs) continue;
    const message =
      alive === false
        ? `run abandoned: its owner ${run.owner ?? 'unknown'} is gone (last heartbeat at ${seen})`
        : `run abandoned: owner ${run.owner ?? 'unknown'} stopped heartbeating at ${seen}`;
    const failed = Run.fail(run, { code: 'internal_error', message });
    const event = SessionEvent.create({
      type: 'run_failed',
      sessionId: run.sessionId,
      runId: run.id,
      data: { errorCode: 'internal_error', errorMessage: message },
    });
    try {
      const result = await deps.store.commit(run.sessionId, { run: failed, events: [event] });
      deps.bus.publish(run.sessionId, result.events);
      if (result.run !== null) recovered.push(result.run);
    } catch (error) {
      if (AgentSessionError.isInstance(error) && error.code === 'version_conflict') continue;
      throw error;
    }
  }
  return recovered;
}

/** Options of `SessionManager.recover`. */
export interface RecoverOptions {
  /** How long without a heartbeat makes a run abandoned (default: three heartbeat intervals). */
  staleAfterMs?: number | undefined;
  /** `false`: the owner is known gone (end its runs now); `true`: alive; `undefined`: heartbeat. */
  isOwnerAlive?: ((owner: string | null, run: Run) => boolean | undefined) | undefined;
}

/** Checked `recover` options, with the default staleness of three heartbeat intervals. */
export function checkRecoverOptions(
  options: RecoverOptions,
  heartbeatIntervalMs: number,
): { staleAfterMs: number; isOwnerAlive: RecoverOptions['isOwnerAlive'] } {
  const o = expectObject(options, 'options');
  const staleAfterMs =
    o.staleAfterMs === undefined
      ? 3 * heartbeatIntervalMs
      : expectInteger(o.staleAfterMs, 'options.staleAfterMs', 0);
  if (o.isOwnerAlive !== undefined && typeof o.isOwnerAlive !== 'function') {
    throw new AgentSessionError('validation_error', 'options.isOwnerAlive must be a function', {
      details: { field: 'options.isOwnerAlive' },
    });
  }
  return { staleAfterMs, isOwnerAlive: options.isOwnerAlive };
}
