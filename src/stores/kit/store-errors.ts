import { AgentSessionError } from '../../core/agent-session-error.js';

/**
 * The errors every store throws, with one wording and one set of `details` keys, so callers can
 * rely on them whichever store they use (the conformance suite checks the keys):
 *
 * | code | details |
 * |---|---|
 * | `session_not_found`, `already_exists` (session) | `sessionId` |
 * | `run_not_found` | `runId` |
 * | `version_conflict` (save) | `sessionId` or `runId`, `expectedVersion`, `actualVersion` |
 * | `version_conflict` (`expectedSeq`) | `sessionId`, `expectedSeq`, `actualSeq` |
 * | `already_exists` (event) | `eventId`, `index` |
 * | `invalid_status` (event of an ended run) | `sessionId`, `runId`, `status` |
 * | `validation_error` | `field` (and `index` for an event of a batch, `runId` for a moved run) |
 * | `storage_error` (closed) | `operation` |
 */
export const storeErrors = {
  closed(store: string, operation: string): AgentSessionError {
    return new AgentSessionError('storage_error', `${operation}: the ${store} is closed`, {
      details: { operation },
    });
  },
  sessionNotFound(sessionId: string): AgentSessionError {
    return new AgentSessionError('session_not_found', `session ${sessionId} does not exist`, {
      details: { sessionId },
    });
  },
  sessionExists(sessionId: string): AgentSessionError {
    return new AgentSessionError(
      'already_exists',
      `session ${sessionId} already exists: a commit with a session of version 0 creates it`,
      { details: { sessionId } },
    );
  },
  runNotFound(runId: string): AgentSessionError {
    return new AgentSessionError('run_not_found', `run ${runId} does not exist`, {
      details: { runId },
    });
  },
  versionConflict(kind: 'session' | 'run', id: string, expected: number, actual: number) {
    return new AgentSessionError(
      'version_conflict',
      `${kind} ${id} is at version ${actual}, not the expected ${expected}`,
      { details: { [`${kind}Id`]: id, expectedVersion: expected, actualVersion: actual } },
    );
  },
  seqConflict(sessionId: string, expected: number, actual: number): AgentSessionError {
    return new AgentSessionError(
      'version_conflict',
      `session ${sessionId} is at seq ${actual}, not the expected ${expected}`,
      { details: { sessionId, expectedSeq: expected, actualSeq: actual } },
    );
  },
  runMoved(runId: string, given: string, stored: string): AgentSessionError {
    return new AgentSessionError(
      'validation_error',
      `run.sessionId cannot change: run ${runId} belongs to session ${stored}, not ${given}`,
      { details: { field: 'run.sessionId', runId } },
    );
  },
  eventConflict(field: string, index: number, eventId: string): AgentSessionError {
    return new AgentSessionError(
      'already_exists',
      `${field}[${index}]: event ${eventId} already exists with other content`,
      { details: { eventId, index } },
    );
  },
  runEnded(sessionId: string, runId: string, status: string): AgentSessionError {
    return new AgentSessionError(
      'invalid_status',
      `run ${runId} of session ${sessionId} is ${status}: no event of it can follow its terminal event`,
      { details: { sessionId, runId, status } },
    );
  },
};
