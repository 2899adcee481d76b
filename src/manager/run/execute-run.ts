import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { inputText } from '../../core/run-parts.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { CommitResult } from '../../core/store-queries.js';
import type { RunTrace, Telemetry } from '../../observability/telemetry.js';
import type { AdapterExecuteRequest, AdapterResult } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { SessionStore } from '../../ports/session-store.js';
import { commitWithSessionRetry } from '../commit-with-retry.js';
import { AdapterEventFactory } from '../events/adapter-event-factory.js';
import { EventWriter } from '../events/event-writer.js';
import type { StoredEventsSink } from '../events/stored-events-sink.js';
import { providerFileAccess } from '../provider-files/provider-file-access.js';
import type { SecretRedactor } from '../secret-redactor.js';
import { storedRunError } from './pending-run.js';
import type { RunHandle } from './run-handle.js';
import { RunHeartbeat } from './run-heartbeat.js';
import { buildOutcome, type Outcome, type Settled } from './run-outcome.js';
import { buildRunResult, type RunResult } from './run-result.js';
import { commitRunStart } from './run-start.js';
import { isRetriable, type UnfinishedRuns, withRetry } from './terminal-writes.js';
import {
  adapterStateOf,
  type Conversation,
  type ConversationCache,
  extendConversation,
  loadConversation,
} from './transcript.js';

/** What executing a run needs from the manager. */
export interface ExecutorDeps {
  readonly store: SessionStore;
  readonly adapter: ProviderAdapter;
  /** Where every stored event is published. */
  readonly sink: StoredEventsSink;
  readonly telemetry: Telemetry;
  readonly redactor: SecretRedactor;
  readonly ownerId: string;
  readonly heartbeatIntervalMs: number;
  /** How long a run's slot waits for an aborted adapter's `execute` to return. */
  readonly abortGraceMs: number;
  readonly conversations: ConversationCache;
  readonly unfinished: UnfinishedRuns;
}

/** Per-call options of one execution. */
export interface ExecuteOptions {
  readonly onEvent?: ((event: SessionEvent) => void) | undefined;
  readonly timeoutMs?: number | undefined;
  /** How many of the run's latest events `RunResult.events` keeps. */
  readonly maxResultEvents?: number | undefined;
}

/** When the adapter's `execute` is over for the manager: it returned, or the grace time passed. */
export interface ExecutionEnd {
  stopped: Promise<void>;
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

function endTrace(trace: RunTrace | null, run: Run, error: AgentSessionError | undefined): void {
  try {
    trace?.end(run, error);
  } catch {
    // Telemetry must never break a run.
  }
}

/**
 * Call the adapter; resolves with how it ended as the manager sees it first (its result, its
 * throw, or the abort). `end.stopped` settles once `execute` has returned, or `graceMs` after an
 * abort it ignores (then `onGraceOver` runs first).
 */
function settle(
  deps: ExecutorDeps,
  handle: RunHandle,
  request: AdapterExecuteRequest,
  end: ExecutionEnd,
  onGraceOver: () => Promise<void>,
): Promise<Settled> {
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
  const first = Promise.race([execution, aborted]);
  end.stopped = first.then(async (settled) => {
    if (settled.kind !== 'abort') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<'grace'>((resolve) => {
      timer = setTimeout(() => resolve('grace'), deps.abortGraceMs);
    });
    const winner = await Promise.race([execution.then(() => 'returned' as const), grace]);
    clearTimeout(timer);
    if (winner === 'grace') await onGraceOver().catch(() => undefined);
  });
  // The result does not wait for an adapter that ignores its abort signal; the slot does.
  return first;
}

/** The session-level note that an aborted adapter did not return within the grace time. */
async function reportIgnoredAbort(deps: ExecutorDeps, run: Run): Promise<void> {
  const message =
    `adapter ${deps.adapter.name} did not return within ${deps.abortGraceMs} ms of the abort of` +
    ` run ${run.id}; the run's slot was released without it`;
  const event = SessionEvent.create({
    type: 'error_occurred',
    sessionId: run.sessionId,
    provider: deps.adapter.name,
    data: { errorCode: 'provider_error', errorMessage: message, fatal: false, runId: run.id },
  });
  const stored = await deps.store.appendEvents(run.sessionId, [event]);
  deps.sink.publish(run.sessionId, stored);
}

/** The terminal commit: the run, its last events and, for a completed run, its session. */
function commitTerminal(
  store: SessionStore,
  outcome: Outcome,
  events: readonly SessionEvent[],
  session: Session,
): Promise<CommitResult> {
  const { run, providerSessionId } = outcome;
  const completed = run.status === 'completed';
  return commitWithSessionRetry(
    store,
    run.sessionId,
    (current) => ({
      run,
      events,
      // A completed run changes the conversation: saving the session marks that (see
      // `ConversationCache`), together with the provider's conversation id.
      session: completed
        ? Session.update(current, {
            providerSessionId: providerSessionId ?? current.providerSessionId,
          })
        : undefined,
    }),
    {
      known: session,
      onStaleRun: (stored, error) => {
        // Ended elsewhere (recovery by another process): the stored ending stands.
        if (Run.isTerminal(stored)) return { run: stored, events: [], session: null };
        throw error;
      },
    },
  );
}

/**
 * Execute one pending run end to end: start commit, adapter execution with its event write path,
 * heartbeats and time limit, then the terminal commit whose run status and terminal event are one
 * atomic write (retried on storage errors; kept in `deps.unfinished` when it keeps failing).
 * Resolves with the result for every ending of the adapter (completed, failed, cancelled, timeout,
 * or the run ended by another process); throws only when the store fails.
 */
export async function executeAdmittedRun(
  deps: ExecutorDeps,
  pending: Run,
  known: Session,
  handle: RunHandle,
  options: ExecuteOptions,
  end: ExecutionEnd,
): Promise<RunResult> {
  const { store, adapter, redactor } = deps;
  const withTranscript = adapter.needsTranscript !== false;
  const conversation: Conversation =
    deps.conversations.get(known, withTranscript) ??
    (await loadConversation(store, pending.sessionId, pending.id, withTranscript));
  const model = adapter.model ?? null;
  const start = await commitRunStart({
    store,
    run: pending,
    provider: adapter.name,
    model,
    ownerId: deps.ownerId,
    redactor,
    session: known,
  });
  const session = start.session ?? known;
  const heartbeat = new RunHeartbeat(start.run as Run);
  heartbeat.start(store, deps.heartbeatIntervalMs);
  const factory = new AdapterEventFactory(session.id, pending.id, adapter.name, redactor);
  const writer = new EventWriter({
    store,
    sink: deps.sink,
    factory,
    sessionId: session.id,
    runId: pending.id,
    onEvent: options.onEvent,
    keepEvents: options.maxResultEvents,
    // The run ended elsewhere: stop the adapter; nothing more of this run is written.
    onRefused: () => handle.abort({ kind: 'cancel', reason: 'run ended by another process' }),
  });
  writer.publishCommitted(start.events);
  const trace = startTrace(deps, heartbeat.current, session);
  const timeoutMs = options.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? null
      : setTimeout(() => handle.abort({ kind: 'timeout', timeoutMs }), timeoutMs);
  let settled: Settled;
  try {
    settled = await settle(
      deps,
      handle,
      {
        run: heartbeat.current,
        session,
        providerSessionId: session.providerSessionId,
        // Materialised only if the adapter reads it (see `Conversation`).
        get transcript() {
          return conversation.transcript;
        },
        previousState: conversation.previousState,
        emit: writer.emit,
        signal: handle.signal,
        control: handle.openControl(),
        providerFile: providerFileAccess({
          store,
          sink: deps.sink,
          sessionId: session.id,
          provider: adapter.name,
          runId: pending.id,
        }),
      },
      end,
      () => reportIgnoredAbort(deps, pending),
    );
  } finally {
    handle.closeControl();
    if (timer !== null) clearTimeout(timer);
  }
  const rest = await writer.drain();
  const base = await heartbeat.stop();
  if (writer.refused !== null) {
    const stored = await store.getRun(pending.id);
    if (Run.isTerminal(stored)) {
      const error = storedRunError(stored);
      endTrace(trace, stored, error ?? undefined);
      return buildRunResult(stored, writer.stored, error, writer.storedCount);
    }
  }
  const outcome = buildOutcome(base, settled, {
    provider: adapter.name,
    redactor,
    messagesReceived: writer.messagesReceived,
    turnsCompleted: writer.turnsCompleted,
    writeFailure: writer.failure,
  });
  const events = rest.length === 0 ? outcome.events : [...rest, ...outcome.events];
  const write = () => withRetry(() => commitTerminal(store, outcome, events, session));
  let committed: CommitResult;
  try {
    committed = await write();
  } catch (error) {
    const failure = AgentSessionError.isInstance(error)
      ? error
      : new AgentSessionError(
          'storage_write_failed',
          `storing the end of run ${pending.id} failed; it is retried before the next run and on close()`,
          { cause: error },
        );
    if (isRetriable(error)) {
      deps.unfinished.add(pending.id, async () => {
        deps.sink.publish(session.id, (await write()).events);
      });
    }
    endTrace(trace, outcome.run, failure);
    throw redactor.error(failure);
  }
  writer.publishCommitted(committed.events);
  const run = committed.run ?? outcome.run;
  const ended = run === outcome.run || committed.events.length > 0;
  const error = ended ? outcome.error : storedRunError(run);
  rememberConversation(deps, session, committed, conversation, writer.received, withTranscript);
  endTrace(trace, run, error ?? undefined);
  return buildRunResult(run, writer.stored, error, writer.storedCount);
}

/** After a completed run saved its session, keep the conversation for the session's next run. */
function rememberConversation(
  deps: ExecutorDeps,
  before: Session,
  committed: CommitResult,
  conversation: Conversation,
  received: readonly string[],
  withTranscript: boolean,
): void {
  const run = committed.run;
  const saved = committed.session;
  if (run === null || run.status !== 'completed' || saved === null) return;
  // Another writer changed the session meanwhile: its next run reads the conversation again.
  if (saved.version !== before.version + 1) return;
  const answers = received.length > 0 ? received : [run.output?.content ?? ''];
  const messages = withTranscript
    ? [
        { role: 'user' as const, content: deps.redactor.string(inputText(run.input)) },
        ...answers.map((content) => ({ role: 'assistant' as const, content })),
      ]
    : [];
  deps.conversations.set(
    saved,
    extendConversation(conversation, messages, adapterStateOf(run), withTranscript),
    withTranscript,
  );
}
