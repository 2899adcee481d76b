import { AgentSessionError } from '../../core/agent-session-error.js';
import { isErrorCode } from '../../core/error-codes.js';
import { Run } from '../../core/run.js';
import type { SessionStore } from '../../ports/session-store.js';

/**
 * Cancel a run that never started: pending → cancelled, no events (it has no `run_started`).
 * Idempotent: when another writer changed the run meanwhile, the stored run is re-read, cancelled
 * if it is still pending, else returned as it is.
 */
export async function cancelPendingRun(
  store: SessionStore,
  run: Run,
  reason: string,
): Promise<Run> {
  let current = run;
  for (;;) {
    if (current.status !== 'pending') return current;
    try {
      return await store.saveRun(Run.cancel(current, reason));
    } catch (error) {
      if (!AgentSessionError.isInstance(error) || error.code !== 'version_conflict') throw error;
      current = await store.getRun(run.id);
    }
  }
}

/** The error a stored terminal run ended with (null for a completed one). */
export function storedRunError(run: Run): AgentSessionError | null {
  if (run.status === 'completed' || run.error === null) return null;
  const code = isErrorCode(run.error.code) ? run.error.code : 'unknown_error';
  return new AgentSessionError(code, run.error.message, { details: { runId: run.id } });
}
