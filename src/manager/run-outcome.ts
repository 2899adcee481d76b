import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import type { RunOutput } from '../core/run-parts.js';
import { SessionEvent } from '../core/session-event.js';
import type { AdapterResult } from '../ports/adapter-execution.js';
import { abortError, type RunAbort, toAgentSessionError } from './error-mapping.js';
import type { SecretRedactor } from './secret-redactor.js';

/** How the adapter's execution ended, as the manager saw it first. */
export type Settled =
  | { readonly kind: 'result'; readonly result: AdapterResult }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'abort'; readonly abort: RunAbort };

/** The terminal state of a run: its final value, the events of its terminal commit, its error. */
export interface Outcome {
  readonly run: Run;
  readonly events: readonly SessionEvent[];
  readonly error: AgentSessionError | null;
  /** A provider conversation id to keep on the session (completed runs only). */
  readonly providerSessionId: string | null;
}

/** Facts about the run's write path that shape its outcome. */
export interface OutcomeContext {
  readonly provider: string;
  readonly redactor: SecretRedactor;
  readonly messagesReceived: number;
  readonly turnsCompleted: number;
  readonly writeFailure: AgentSessionError | null;
}

function event(run: Run, provider: string, type: SessionEvent['type'], data: object) {
  return SessionEvent.create({
    type,
    sessionId: run.sessionId,
    runId: run.id,
    provider,
    data: data as Record<string, unknown>,
  });
}

function failed(base: Run, error: AgentSessionError, ctx: OutcomeContext): Outcome {
  const safe = ctx.redactor.error(error);
  const run = Run.fail(base, { code: safe.code, message: safe.message });
  const terminal = event(run, ctx.provider, 'run_failed', {
    errorCode: safe.code,
    errorMessage: run.error?.message ?? safe.message,
  });
  return { run, events: [terminal], error: safe, providerSessionId: null };
}

function completed(base: Run, result: AdapterResult, ctx: OutcomeContext): Outcome {
  const r = ctx.redactor;
  const output = result.output as RunOutput | undefined;
  const safeOutput =
    output && typeof output === 'object'
      ? { ...output, content: r.string(String(output.content)) }
      : output;
  let run = Run.complete(base, r.data(safeOutput) as RunOutput);
  run = Run.addUsage(run, result.tokenUsage ?? {}, result.costUsd ?? undefined);
  const metadata: Record<string, unknown> = {};
  if (result.state !== undefined) metadata.adapterState = r.data(result.state);
  if (typeof result.model === 'string') metadata.model = result.model;
  if (Object.keys(metadata).length > 0) run = Run.withMetadata(run, metadata);
  run = Object.freeze({ ...run, turnCount: Math.max(1, ctx.turnsCompleted) });
  const events: SessionEvent[] = [];
  const content = run.output?.content ?? '';
  if (ctx.messagesReceived === 0) {
    events.push(event(run, ctx.provider, 'message_received', { role: 'assistant', content }));
  }
  events.push(
    event(run, ctx.provider, 'run_completed', {
      stopReason: run.output?.stopReason ?? null,
      tokenUsage: run.tokenUsage,
      costUsd: run.costUsd,
    }),
  );
  const providerSessionId =
    typeof result.providerSessionId === 'string' && result.providerSessionId.length > 0
      ? result.providerSessionId
      : null;
  return { run, events, error: null, providerSessionId };
}

/**
 * The terminal run and events for how execution ended: completed (with output, usage, adapter
 * state), failed (any thrown value mapped to an `AgentSessionError`, redacted), cancelled or timed
 * out. A result the run cannot accept (bad output or usage) fails the run as `provider_error`.
 */
export function buildOutcome(base: Run, settled: Settled, ctx: OutcomeContext): Outcome {
  if (settled.kind === 'abort') {
    const { abort } = settled;
    const error = ctx.redactor.error(abortError(abort));
    if (abort.kind === 'timeout') {
      const run = Run.timeout(base, abort.timeoutMs);
      const e = event(run, ctx.provider, 'run_timeout', { timeoutMs: abort.timeoutMs });
      return { run, events: [e], error, providerSessionId: null };
    }
    const reason = ctx.redactor.string(abort.reason);
    const run = Run.cancel(base, reason);
    const e = event(run, ctx.provider, 'run_cancelled', { reason });
    return { run, events: [e], error, providerSessionId: null };
  }
  if (ctx.writeFailure !== null) return failed(base, ctx.writeFailure, ctx);
  if (settled.kind === 'error') return failed(base, toAgentSessionError(settled.error), ctx);
  try {
    return completed(base, settled.result, ctx);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const invalid = new AgentSessionError(
      'provider_error',
      `adapter returned an invalid result: ${why}`,
      {
        cause: error,
      },
    );
    return failed(base, invalid, ctx);
  }
}
