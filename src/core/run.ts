import { isIsoTimestamp, nowIso } from './clock.js';
import type { ErrorCode } from './error-codes.js';
import { newId } from './ids.js';
import {
  type RunError,
  type RunInput,
  type RunOutput,
  runErrorOf,
  runInputOf,
  runOutputOf,
  usageOf,
} from './run-parts.js';
import { RUN_STATUSES, RUN_TRANSITIONS, type RunStatus } from './run-status.js';
import { assertTransition, isTerminal } from './state-machine.js';
import { TokenUsage } from './token-usage.js';
import {
  expectInteger,
  expectNonNegative,
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  invalid,
  jsonObject,
  MAX_TEXT_LENGTH,
} from './validate.js';

/** One request to an agent within a session, with its lifecycle and outcome. */
export interface Run {
  readonly id: string;
  readonly sessionId: string;
  readonly status: RunStatus;
  readonly input: RunInput;
  readonly output: RunOutput | null;
  readonly error: RunError | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly turnCount: number;
  readonly tokenUsage: TokenUsage;
  readonly costUsd: number | null;
  /** Which manager process executes the run, and when it last said it is alive (for recovery). */
  readonly owner: string | null;
  readonly heartbeatAt: string | null;
  readonly createdAt: string;
  /** When execution began. */
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** The stored version: 0 until first saved; stores compare-and-set on it. */
  readonly version: number;
}

/** Attributes accepted by `Run.create`. */
export interface RunAttrs {
  sessionId: string;
  input: RunInput;
  id?: string;
  status?: RunStatus;
  output?: RunOutput | null;
  error?: RunError | null;
  metadata?: Record<string, unknown>;
  turnCount?: number;
  tokenUsage?: Partial<TokenUsage>;
  costUsd?: number | null;
  owner?: string | null;
  heartbeatAt?: string | null;
  createdAt?: string;
  startedAt?: string | null;
  endedAt?: string | null;
  version?: number;
}

function timeOf(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (!isIsoTimestamp(value)) invalid(field, 'must be an ISO-8601 timestamp');
  return value;
}

// Runs this module built, or derived from one it built with checked changes: frozen through and
// through and valid as they are, so `Run.validate` (and the stores) return them without checking
// them again. A spread or JSON copy is not in it, and is checked. Runs are few next to events, so a
// WeakSet costs nothing noticeable here.
const built = new WeakSet<Run>();

// Marks `run` when `from` was built and what changed is valid (added usage and cost can overflow
// to Infinity).
function derived(from: Run, run: Run, valid = true): Run {
  if (valid && built.has(from) && finiteUsage(run)) built.add(run);
  return run;
}

function finiteUsage(run: Run): boolean {
  const u = run.tokenUsage;
  return (
    Number.isFinite(u.inputTokens) &&
    Number.isFinite(u.outputTokens) &&
    Number.isFinite(u.cacheReadInputTokens) &&
    Number.isFinite(u.cacheCreationInputTokens) &&
    Number.isFinite(u.totalTokens) &&
    (run.costUsd === null || Number.isFinite(run.costUsd))
  );
}

function build(attrs: unknown): Run {
  const a = expectObject(attrs, 'run');
  const run: Run = Object.freeze({
    id: a.id === undefined ? newId('run') : expectString(a.id, 'run.id'),
    sessionId: expectString(a.sessionId, 'run.sessionId'),
    status:
      a.status === undefined
        ? 'pending'
        : expectOneOf(a.status, RUN_STATUSES, 'run.status', 'invalid_status'),
    input: runInputOf(a.input),
    output: runOutputOf(a.output),
    error: runErrorOf(a.error),
    metadata: jsonObject(a.metadata, 'run.metadata'),
    turnCount: a.turnCount === undefined ? 0 : expectInteger(a.turnCount, 'run.turnCount'),
    tokenUsage: usageOf(a.tokenUsage, 'run.tokenUsage'),
    costUsd: a.costUsd == null ? null : expectNonNegative(a.costUsd, 'run.costUsd'),
    owner: expectOptionalString(a.owner, 'run.owner'),
    heartbeatAt: timeOf(a.heartbeatAt, 'run.heartbeatAt'),
    createdAt: timeOf(a.createdAt, 'run.createdAt') ?? nowIso(),
    startedAt: timeOf(a.startedAt, 'run.startedAt'),
    endedAt: timeOf(a.endedAt, 'run.endedAt'),
    version: a.version === undefined ? 0 : expectInteger(a.version, 'run.version'),
  });
  built.add(run);
  return run;
}

function fromJSON(value: unknown): Run {
  const obj = expectObject(value, 'run');
  for (const field of ['id', 'status', 'createdAt', 'version'] as const) {
    if (obj[field] === undefined) invalid(`run.${field}`, 'is required');
  }
  return build(obj);
}

function validateRun(value: unknown): Run {
  return built.has(value as Run) ? (value as Run) : fromJSON(value);
}

function move(run: Run, status: RunStatus, changes: Partial<Run>, valid = true): Run {
  assertTransition(RUN_TRANSITIONS, 'run', run.id, run.status, status);
  const now = nowIso();
  const ended = RUN_TRANSITIONS[status].length === 0 ? { endedAt: now } : {};
  return derived(run, Object.freeze({ ...run, ...changes, ...ended, status }), valid);
}

// An error the run keeps as it is: frozen, and valid when its message is a string that fits.
function endError(code: 'cancelled' | 'timeout', message: unknown): [RunError, boolean] {
  const valid = typeof message === 'string' && message.length <= MAX_TEXT_LENGTH;
  return [Object.freeze({ code, message }) as RunError, valid];
}

/**
 * Functions over `Run` values. Every function returns a new frozen value; a transition the state
 * machine forbids throws `invalid_transition` and changes nothing.
 *
 * @example
 * ```ts
 * let run = Run.create({ sessionId: session.id, input: 'Fix the failing test' });
 * run = Run.start(run);
 * run = Run.complete(run, { content: 'Done.', stopReason: 'end_turn', toolCalls: [] });
 * run.endedAt; // set
 * ```
 */
export const Run = {
  /** A new pending run; bad input throws `validation_error`. */
  create(attrs: RunAttrs): Run {
    return build(attrs);
  },
  /** pending → running; sets `startedAt`. */
  start(run: Run): Run {
    return move(run, 'running', { startedAt: nowIso() });
  },
  /** running → completed with its output. */
  complete(run: Run, output: RunOutput): Run {
    return move(run, 'completed', { output: runOutputOf(output, 'output') });
  },
  /** → failed with `{ code, message }`. */
  fail(run: Run, error: { code: ErrorCode; message: string }): Run {
    return move(run, 'failed', { error: runErrorOf(error, 'error') });
  },
  /** → cancelled. */
  cancel(run: Run, reason = 'cancelled'): Run {
    const [error, valid] = endError('cancelled', reason);
    return move(run, 'cancelled', { error }, valid);
  },
  /** running → timeout. */
  timeout(run: Run, timeoutMs?: number): Run {
    const message =
      timeoutMs === undefined ? 'run timed out' : `run timed out after ${timeoutMs} ms`;
    const [error, valid] = endError('timeout', message);
    return move(run, 'timeout', { error }, valid);
  },
  /** Add token usage (key by key) and cost to the run's totals. */
  addUsage(run: Run, usage: Partial<TokenUsage>, costUsd?: number): Run {
    const add = TokenUsage.create(usage, 'usage');
    const cost = costUsd === undefined ? null : expectNonNegative(costUsd, 'costUsd');
    const next: Run = Object.freeze({
      ...run,
      tokenUsage: TokenUsage.merge(run.tokenUsage, add),
      costUsd: cost === null ? run.costUsd : (run.costUsd ?? 0) + cost,
    });
    return derived(run, next);
  },
  /** One more turn. */
  incrementTurn(run: Run): Run {
    const turnCount = run.turnCount + 1;
    return derived(run, Object.freeze({ ...run, turnCount }), Number.isSafeInteger(turnCount));
  },
  /** The same run with metadata keys merged in. */
  withMetadata(run: Run, metadata: Record<string, unknown>): Run {
    return build({ ...run, metadata: { ...run.metadata, ...expectObject(metadata, 'metadata') } });
  },
  /** Whether the run has finished. */
  isTerminal(run: Run): boolean {
    return isTerminal(RUN_TRANSITIONS, run.status);
  },
  /** A plain JSON-serializable copy. */
  toJSON(run: Run): Record<string, unknown> {
    return { ...run };
  },
  /** Rebuild a run from JSON; every field is validated. */
  fromJSON(value: unknown): Run {
    return fromJSON(value);
  },
  /**
   * `value` as a valid run: the value itself when this module built it (`create`, `fromJSON`, the
   * transitions and other functions here, `stored`: frozen, so still valid), otherwise a validated,
   * frozen copy (as `fromJSON`). Stores call this on input.
   *
   * @example
   * ```ts
   * const run = Run.create({ sessionId: 'ses_1', input: 'Hi' });
   * Run.validate(run) === run; // true
   * Run.validate({ ...run }) === run; // false: a checked copy
   * ```
   */
  validate(value: unknown): Run {
    return validateRun(value);
  },
  /** Whether `value` is a run this module built (frozen and valid as it is). */
  isBuilt(value: unknown): value is Run {
    return built.has(value as Run);
  },
  /**
   * The run as a store keeps and returns it after a save: `run` (validated unless this module
   * built it) with the stored `version`.
   *
   * @example
   * ```ts
   * const saved = Run.stored(run, run.version + 1);
   * ```
   */
  stored(run: unknown, version: number): Run {
    const checked = validateRun(run);
    expectInteger(version, 'run.version', 1);
    return derived(checked, Object.freeze({ ...checked, version }));
  },
};
