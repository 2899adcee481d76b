import { AgentSessionError } from '../../core/agent-session-error.js';

/** The errors the in-memory store throws, with messages naming the id and the problem. */
export const storeErrors = {
  closed(): AgentSessionError {
    return new AgentSessionError('storage_error', 'store is closed');
  },
  sessionNotFound(id: string): AgentSessionError {
    return new AgentSessionError('session_not_found', `session ${id} does not exist`, {
      details: { sessionId: id },
    });
  },
  runNotFound(id: string): AgentSessionError {
    return new AgentSessionError('run_not_found', `run ${id} does not exist`, {
      details: { runId: id },
    });
  },
  versionConflict(kind: 'session' | 'run', id: string, given: number, stored: number) {
    return new AgentSessionError(
      'version_conflict',
      `${kind} ${id} was saved with version ${given} but the stored version is ${stored}`,
      { details: { [`${kind}Id`]: id, expectedVersion: given, actualVersion: stored } },
    );
  },
  runMoved(run: { id: string; sessionId: string }, storedSessionId: string) {
    return new AgentSessionError(
      'validation_error',
      `run.sessionId of run ${run.id} is ${run.sessionId}, but the run belongs to ${storedSessionId}`,
      { details: { field: 'run.sessionId', runId: run.id } },
    );
  },
  seqConflict(sessionId: string, expected: number, actual: number): AgentSessionError {
    return new AgentSessionError(
      'version_conflict',
      `session ${sessionId} has latest seq ${actual}, not the expected ${expected}`,
      { details: { sessionId, expectedSeq: expected, actualSeq: actual } },
    );
  },
};
