import type { AgentSessionError } from '../../core/agent-session-error.js';
import type { Run } from '../../core/run.js';
import type { RunOutput } from '../../core/run-parts.js';
import type { RunStatus } from '../../core/run-status.js';
import type { SessionEvent } from '../../core/session-event.js';
import type { TokenUsage } from '../../core/token-usage.js';

/**
 * What `executeRun` resolves with: the stored run in its terminal status, the run's latest stored
 * events (from `run_started` to its terminal event when the run has at most `maxResultEvents` of
 * them, default 10,000; the last ones otherwise, so the terminal event is always there), how many
 * it stored, and for convenience its output, usage and error. The full log stays in the store
 * (`getEvents(sessionId, { runId })`).
 *
 * @example
 * ```ts
 * const result = await manager.executeRun(run.id);
 * if (result.status === 'failed') console.error(result.error?.code, result.error?.message);
 * else console.log(result.output?.content, result.tokenUsage.totalTokens);
 * ```
 */
export interface RunResult {
  readonly run: Run;
  readonly events: readonly SessionEvent[];
  /** How many events of the run were stored (`events` may hold only the last of them). */
  readonly eventCount: number;
  readonly output: RunOutput | null;
  readonly tokenUsage: TokenUsage;
  readonly costUsd: number | null;
  readonly status: RunStatus;
  /** Why the run did not complete (`cancelled`, `timeout`, or the failure), null when it did. */
  readonly error: AgentSessionError | null;
}

/** A frozen `RunResult` for a run in its final state. */
export function buildRunResult(
  run: Run,
  events: readonly SessionEvent[],
  error: AgentSessionError | null,
  eventCount = events.length,
): RunResult {
  return Object.freeze({
    run,
    events,
    eventCount,
    output: run.output,
    tokenUsage: run.tokenUsage,
    costUsd: run.costUsd,
    status: run.status,
    error,
  });
}
