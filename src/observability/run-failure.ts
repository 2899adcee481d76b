import { AgentSessionError } from '../core/agent-session-error.js';
import { isErrorCode } from '../core/error-codes.js';
import type { Run } from '../core/run.js';

/**
 * Why a run ended in error, for telemetry: the error the manager gave, else one built from the
 * stored `run.error`. Only `failed` and `timeout` runs are errors; `completed` and `cancelled` (the
 * caller's choice) are not, whatever error accompanies them.
 */
export function runFailure(run: Run, error?: AgentSessionError): AgentSessionError | undefined {
  if (run.status !== 'failed' && run.status !== 'timeout') return undefined;
  if (error !== undefined) return error;
  const stored = run.error;
  const fallback = run.status === 'timeout' ? 'timeout' : 'unknown_error';
  const code = stored !== null && isErrorCode(stored.code) ? stored.code : fallback;
  return new AgentSessionError(code, stored?.message ?? `run ${run.status}`);
}
