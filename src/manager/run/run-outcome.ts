import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { type RunOutput, runOutputOf } from '../../core/run-parts.js';
import { SessionEvent } from '../../core/session-event.js';
import { describeThrown } from '../../core/thrown-value.js';
import { TokenUsage } from '../../core/token-usage.js';
import {
  expectNonNegative,
  expectString,
  invalid,
  jsonObject,
  MAX_NAME_LENGTH,
  typeName,
} from '../../core/validate.js';
import type { AdapterResult } from '../../ports/adapter-execution.js';
import type { SecretRedactor } from '../secret-redactor.js';
import { abortError, type RunAbort, toAgentSessionError } from './error-mapping.js';

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

/** Longest adapter `state`, in characters of its JSON text (1 MiB). */
export const MAX_ADAPTER_STATE_LENGTH = 1024 * 1024;

/** An adapter result after validation: every field of a type and size the run can store. */
interface CheckedResult {
  readonly output: RunOutput;
  readonly tokenUsage: TokenUsage;
  readonly costUsd: number | undefined;
  readonly providerSessionId: string | null;
  readonly model: string | null;
  readonly state: Readonly<Record<string, unknown>> | undefined;
}

function optionalName(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  return expectString(value, field, MAX_NAME_LENGTH);
}

/**
 * Validate what `execute` resolved with; anything the run cannot store throws `validation_error`
 * naming the field (`result.output.content must be a string, got an object`).
 */
function checkResult(value: unknown): CheckedResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('result', `must be an object, got ${typeName(value)}`);
  }
  const r = value as Record<string, unknown>;
  const rawOutput = r.output;
  if (rawOutput === undefined || rawOutput === null) invalid('result.output', 'is required');
  const content = (rawOutput as { content?: unknown }).content;
  if (typeof content !== 'string') {
    invalid('result.output.content', `must be a string, got ${typeName(content)}`);
  }
  const output = runOutputOf(rawOutput, 'result.output') as RunOutput;
  const tokenUsage = TokenUsage.create(
    (r.tokenUsage ?? {}) as Partial<TokenUsage>,
    'result.tokenUsage',
  );
  const costUsd = r.costUsd == null ? undefined : expectNonNegative(r.costUsd, 'result.costUsd');
  const providerSessionId = optionalName(r.providerSessionId, 'result.providerSessionId');
  const model = optionalName(r.model, 'result.model');
  let state: Readonly<Record<string, unknown>> | undefined;
  if (r.state !== undefined && r.state !== null) {
    state = jsonObject(r.state, 'result.state');
    const length = JSON.stringify(state).length;
    if (length > MAX_ADAPTER_STATE_LENGTH) {
      invalid(
        'result.state',
        `must be at most ${MAX_ADAPTER_STATE_LENGTH} characters of JSON, got ${length}`,
      );
    }
  }
  return { output, tokenUsage, costUsd, providerSessionId, model, state };
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

function completed(base: Run, result: CheckedResult, ctx: OutcomeContext): Outcome {
  const r = ctx.redactor;
  // Redacting may lengthen a value (a short secret becomes `[redacted]`): check again.
  const providerSessionId = r.optional(result.providerSessionId);
  if (providerSessionId !== null) {
    expectString(providerSessionId, 'result.providerSessionId (redacted)', MAX_NAME_LENGTH);
  }
  const model = r.optional(result.model);
  if (model !== null) expectString(model, 'result.model (redacted)', MAX_NAME_LENGTH);
  let run = Run.complete(base, r.data(result.output));
  run = Run.addUsage(run, result.tokenUsage, result.costUsd);
  const metadata: Record<string, unknown> = {};
  if (result.state !== undefined) metadata.adapterState = r.data(result.state);
  if (model !== null) metadata.model = model;
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
  return { run, events, error: null, providerSessionId };
}

function aborted(base: Run, abort: RunAbort, ctx: OutcomeContext): Outcome {
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

function invalidResult(error: unknown): AgentSessionError {
  const why = describeThrown(error).message;
  return new AgentSessionError('provider_error', `adapter returned an invalid result: ${why}`, {
    cause: toAgentSessionError(error, 'reading the result'),
  });
}

function settledOutcome(base: Run, settled: Settled, ctx: OutcomeContext): Outcome {
  if (settled.kind === 'abort') return aborted(base, settled.abort, ctx);
  if (ctx.writeFailure !== null) return failed(base, ctx.writeFailure, ctx);
  if (settled.kind === 'error') return failed(base, toAgentSessionError(settled.error), ctx);
  let outcome: Outcome;
  try {
    outcome = completed(base, checkResult(settled.result), ctx);
  } catch (error) {
    return failed(base, invalidResult(error), ctx);
  }
  return outcome;
}

/**
 * The terminal run and events for how execution ended: completed (with output, usage, adapter
 * state), failed (any thrown value mapped to an `AgentSessionError`, redacted), cancelled or timed
 * out. A result the run cannot store (not an object, no string `output.content`, bad usage or cost,
 * an over-long `providerSessionId` or `model`, `state` that is not JSON or over
 * `MAX_ADAPTER_STATE_LENGTH`) fails the run as `provider_error` saying what was wrong. Never throws
 * for anything the adapter did: the run always gets its one terminal event.
 */
export function buildOutcome(base: Run, settled: Settled, ctx: OutcomeContext): Outcome {
  try {
    return settledOutcome(base, settled, ctx);
  } catch (error) {
    // Last resort (a value that defeated every safe path): fail without reading it again.
    const code = settled.kind === 'abort' ? 'internal_error' : 'provider_error';
    const message =
      settled.kind === 'abort'
        ? 'ending the aborted run failed'
        : 'adapter failed with a value that cannot be described';
    const fallback = new AgentSessionError(code, message, {
      cause: new Error(describeThrown(error).message),
    });
    const run = Run.fail(base, { code, message });
    const terminal = event(run, ctx.provider, 'run_failed', {
      errorCode: code,
      errorMessage: message,
    });
    return { run, events: [terminal], error: fallback, providerSessionId: null };
  }
}
