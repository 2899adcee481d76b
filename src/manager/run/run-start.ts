import { AgentSessionError } from '../../core/agent-session-error.js';
import { nowIso } from '../../core/clock.js';
import { Run } from '../../core/run.js';
import { inputText } from '../../core/run-parts.js';
import { Session } from '../../core/session.js';
import { SessionEvent } from '../../core/session-event.js';
import type { CommitResult } from '../../core/store-queries.js';
import type { SessionStore } from '../../ports/session-store.js';
import { commitWithSessionRetry } from '../commit-with-retry.js';
import type { SecretRedactor } from '../secret-redactor.js';

/** What starting a run needs. */
export interface RunStartRequest {
  readonly store: SessionStore;
  readonly run: Run;
  readonly provider: string;
  readonly model: string | null;
  readonly ownerId: string;
  readonly redactor: SecretRedactor;
  /** The session as last read (the commit builds on it; re-read only on a session conflict). */
  readonly session?: Session | undefined;
}

/** The run no longer pending when its start was committed: another writer got there first. */
export function alreadyTaken(stored: Run): AgentSessionError {
  if (stored.status === 'running') {
    return new AgentSessionError(
      'invalid_operation',
      `cannot execute run ${stored.id}: it is already executing (owner ${stored.owner ?? 'unknown'})`,
      { details: { runId: stored.id, status: stored.status, owner: stored.owner } },
    );
  }
  return new AgentSessionError(
    'invalid_operation',
    `cannot execute run ${stored.id}: it is ${stored.status}; only a pending run can be executed`,
    { details: { runId: stored.id, status: stored.status } },
  );
}

/**
 * Move a pending run to running (with owner and heartbeat) and store `run_started` and
 * `message_sent` in the same commit; a pending session is activated (`session_started`) in it too.
 * A run that is no longer the pending one read (another manager started or cancelled it) throws
 * `invalid_operation` naming the run and, when it is running, its owner.
 */
export async function commitRunStart(req: RunStartRequest): Promise<CommitResult> {
  const { store, run, redactor } = req;
  const started: Run = Object.freeze({
    ...Run.start(run),
    owner: req.ownerId,
    heartbeatAt: nowIso(),
  });
  return commitWithSessionRetry(
    store,
    run.sessionId,
    (session) => {
      const events: SessionEvent[] = [];
      let activated: Session | undefined;
      if (session.status === 'pending') {
        activated = Session.transition(session, 'active');
        events.push(SessionEvent.create({ type: 'session_started', sessionId: session.id }));
      }
      events.push(
        SessionEvent.create({
          type: 'run_started',
          sessionId: session.id,
          runId: run.id,
          provider: req.provider,
          data: {
            provider: req.provider,
            model: redactor.optional(req.model),
            providerSessionId: session.providerSessionId,
          },
        }),
        SessionEvent.create({
          type: 'message_sent',
          sessionId: session.id,
          runId: run.id,
          provider: req.provider,
          data: { role: 'user', content: redactor.string(inputText(run.input)) },
        }),
      );
      return { run: started, events, session: activated };
    },
    {
      known: req.session,
      // Still pending but saved meanwhile (e.g. its metadata): start the stored version.
      onStaleRun: (stored) =>
        stored.status === 'pending' && stored.version > run.version
          ? commitRunStart({ ...req, run: stored })
          : Promise.reject(alreadyTaken(stored)),
    },
  );
}
