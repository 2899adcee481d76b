import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import type { SessionEvent } from '../core/session-event.js';
import type { CommitResult } from '../core/store-queries.js';
import type { RunTrace, Telemetry } from '../observability/telemetry.js';
import type { AdapterResult } from '../ports/adapter-execution.js';
import type { ProviderAdapter } from '../ports/provider-adapter.js';
import type { SessionStore } from '../ports/session-store.js';
import { AdapterEventFactory } from './adapter-event-factory.js';
import type { EventBus } from './event-bus.js';
import { EventWriter } from './event-writer.js';
import type { RunHandle } from './run-handle.js';
import { RunHeartbeat } from './run-heartbeat.js';
import { buildOutcome, type Outcome, type Settled } from './run-outcome.js';
import { buildRunResult, type RunResult } from './run-result.js';
import { commitRunStart } from './run-start.js';
import type { SecretRedactor } from './secret-redactor.js';
import { commitWithSessionRetry } from './session-lifecycle.js';
import { loadConversation } from './transcript.js';

/** What executing a run needs from the manager. */
export interface ExecutorDeps {
  readonly store: SessionStore;
  readonly adapter: ProviderAdapter;
  readonly bus: EventBus;
  readonly telemetry: Telemetry;
  readonly redactor: SecretRedactor;
  readonly ownerId: string;
  readonly heartbeatIntervalMs: number;
}

/** Per-call options of one execution. */
export interface ExecuteOptions {
  readonly onEvent?: ((event: SessionEvent) => void) | undefined;
  readonly timeoutMs?: number | undefined;
}

/** Cancel a run that never started: pending → cancelled, no events (it has no `run_started`). */
export async function cancelPendingRun(
  store: SessionStore,
  run: Run,
  reason: string,
): Promise<Run> {
  return store.saveRun(Run.cancel(run, reason));
}

function startTrace(deps: ExecutorDeps, run: Run, session: Session): RunTrace | null {
  try {
    return deps.telemetry.startRun({
      run,
      session,
      provider: deps.adapter.name,
      model: deps.adapter.model ?? null,
    });
  } catch {
    return null;
  }
}

function settle(
  deps: ExecutorDeps,
  handle: RunHandle,
  request: Parameters<ProviderAdapter['execute']>[0],
) {
  const execution = (async (): Promise<Settled> => {
    const result: AdapterResult = await deps.adapter.execute(request);
    return { kind: 'result', result };
  })().catch((error: unknown): Settled => ({ kind: 'error', error }));
  const aborted = new Promise<Settled>((resolve) => {
    const signal = handle.signal;
    const onAbort = () =>
      resolve({ kind: 'abort', abort: handle.aborted ?? { kind: 'cancel', reason: 'cancelled' } });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // The manager does not wait for an adapter that ignores its abort signal.
  return Promise.race([execution, aborted]);
}

async function commitTerminal(store: SessionStore, outcome: Outcome): Promise<CommitResult> {
  const { run, events, providerSessionId } = outcome;
  if (providerSessionId === null) return store.commit(run.sessionId, { run, events });
  return commitWithSessionRetry(store, run.sessionId, (session) => ({
    run,
    events,
    session:
      session.providerSessionId === providerSessionId
        ? undefined
        : Session.update(session, { providerSessionId }),
  }));
}

/**
 * Execute one pending run end to end: start commit, adapter execution with its event write path,
 * heartbeats and time limit, then the terminal commit whose run status and terminal event are one
 * atomic write. Resolves with the result for every ending of the adapter (completed, failed,
 * cancelled, timeout); throws only when the store fails.
 */
export async function executeRunNow(
  deps: ExecutorDeps,
  pending: Run,
  handle: RunHandle,
  options: ExecuteOptions,
): Promise<RunResult> {
  const { store, adapter, redactor } = deps;
  const conversation = await loadConversation(store, pending.sessionId, pending.id);
  const model = adapter.model ?? null;
  const start = await commitRunStart({
    store,
    run: pending,
    provider: adapter.name,
    model,
    ownerId: deps.ownerId,
    redactor,
  });
  const session = start.session ?? (await store.getSession(pending.sessionId));
  const heartbeat = new RunHeartbeat(start.run as Run);
  heartbeat.start(store, deps.heartbeatIntervalMs);
  const factory = new AdapterEventFactory(session.id, pending.id, adapter.name, redactor);
  const writer = new EventWriter({
    store,
    bus: deps.bus,
    telemetry: deps.telemetry,
    factory,
    sessionId: session.id,
    runId: pending.id,
    onEvent: options.onEvent,
  });
  writer.published(start.events);
  const trace = startTrace(deps, heartbeat.current, session);
  const timeoutMs = options.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? null
      : setTimeout(() => handle.abort({ kind: 'timeout', timeoutMs }), timeoutMs);
  let settled: Settled;
  try {
    settled = await settle(deps, handle, {
      run: heartbeat.current,
      session,
      providerSessionId: session.providerSessionId,
      transcript: conversation.transcript,
      previousState: conversation.previousState,
      emit: writer.emit,
      signal: handle.signal,
    });
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  await writer.close();
  const base = await heartbeat.stop();
  const outcome = buildOutcome(base, settled, {
    provider: adapter.name,
    redactor,
    messagesReceived: writer.messagesReceived,
    turnsCompleted: writer.turnsCompleted,
    writeFailure: writer.failure,
  });
  let committed: CommitResult;
  try {
    committed = await commitTerminal(store, outcome);
  } catch (error) {
    const failure = AgentSessionError.isInstance(error)
      ? error
      : new AgentSessionError(
          'storage_write_failed',
          `storing the end of run ${pending.id} failed`,
          {
            cause: error,
          },
        );
    trace?.end(outcome.run, failure);
    throw failure;
  }
  writer.published(committed.events);
  const run = committed.run ?? outcome.run;
  try {
    trace?.end(run, outcome.error ?? undefined);
  } catch {
    // Telemetry must never break a run.
  }
  return buildRunResult(run, writer.stored, outcome.error);
}
