import { type ErrorCode, isErrorCode } from '../../core/error-codes.js';
import { TokenUsage } from '../../core/token-usage.js';
import {
  expectInteger,
  expectNonNegative,
  expectObject,
  expectString,
  invalid,
  isPlainObject,
  jsonData,
  MAX_TEXT_LENGTH,
  typeName,
} from '../../core/validate.js';
import type { TranscriptMessage } from '../../ports/adapter-execution.js';

/** What a `reply` function receives. */
export interface MockReplyContext {
  /** The run's input as text. */
  readonly prompt: string;
  /** The conversation before this turn, oldest first. */
  readonly transcript: readonly TranscriptMessage[];
  /** This turn's number in the session: 1 for the first run. */
  readonly turn: number;
}

/** One scripted tool call. */
export interface MockToolCall {
  readonly toolName: string;
  readonly toolInput: unknown;
  /** Reported in `tool_call_completed` (default null). */
  readonly toolOutput?: unknown;
  /** When set, the call ends with `tool_call_failed` carrying this error text. */
  readonly fail?: string;
}

/** A scripted failure: a code, an optional message, after how many text deltas. */
export interface MockFailure {
  readonly code: ErrorCode;
  readonly message?: string;
  /** Text deltas streamed before failing (default 0). Tool calls come before the text. */
  readonly afterChunks?: number;
}

/** Options of `MockAdapter`; all optional. */
export interface MockAdapterOptions {
  /** Default `'mock-model'`. */
  model?: string;
  /** The answer; default `Mock answer #<turn> to: "<prompt>"`. */
  reply?: string | ((context: MockReplyContext) => string);
  /**
   * Graphemes (user-perceived characters) per `message_streamed` delta (default 8): a delta never
   * splits an emoji, a ZWJ sequence or a letter from its accent.
   */
  chunkSize?: number;
  /** Stream exactly this many deltas instead (the reply is repeated when shorter). */
  deltas?: number;
  /**
   * Delay before each tool event and delta, in ms (default 0: no timers at all); at most
   * 2^31 - 1, the longest delay Node's timers can wait.
   */
  latencyMs?: number;
  toolCalls?: readonly MockToolCall[];
  /** Overrides of the usage computed from text lengths (about 4 characters a token). */
  usage?: Partial<TokenUsage>;
  /** Reported cost of each run (default null). */
  costUsd?: number;
  /** Fail with this code (an `AgentSessionError`). */
  failWith?: ErrorCode | MockFailure;
  /** Never finish until the signal aborts (then reject with `cancelled`) or the run is interrupted. */
  hang?: boolean;
  /** Misbehave: never look at the signal (with `hang`, never settle). */
  ignoreAbort?: boolean;
  /** Misbehave: also emit `run_started` and `run_completed`. */
  emitLifecycle?: boolean;
  /** Misbehave: emit one more delta from a timer after `execute` settled. */
  emitAfterFinish?: boolean;
  /** Misbehave: throw a plain `TypeError` instead of an `AgentSessionError` (at the failure point). */
  throwRaw?: boolean;
}

/** Options after validation, with defaults applied. */
export interface MockSettings {
  readonly model: string;
  readonly reply: string | ((context: MockReplyContext) => string) | null;
  readonly chunkSize: number;
  readonly deltas: number | null;
  readonly latencyMs: number;
  readonly toolCalls: readonly MockToolCall[];
  readonly usage: Partial<TokenUsage>;
  readonly costUsd: number | null;
  readonly failure: Required<MockFailure> | null;
  readonly hang: boolean;
  readonly ignoreAbort: boolean;
  readonly emitLifecycle: boolean;
  readonly emitAfterFinish: boolean;
  readonly throwRaw: boolean;
}

const KNOWN = new Set([
  'model',
  'reply',
  'chunkSize',
  'deltas',
  'latencyMs',
  'toolCalls',
  'usage',
  'costUsd',
  'failWith',
  'hang',
  'ignoreAbort',
  'emitLifecycle',
  'emitAfterFinish',
  'throwRaw',
]);

function flag(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') invalid(field, `must be a boolean, got ${typeName(value)}`);
  return value;
}

function replyOf(value: unknown): MockSettings['reply'] {
  if (value === undefined) return null;
  if (typeof value === 'function') return value as (context: MockReplyContext) => string;
  if (typeof value !== 'string')
    invalid('reply', `must be a string or function, got ${typeName(value)}`);
  if (value.length > MAX_TEXT_LENGTH) invalid('reply', 'is too long');
  return value;
}

function toolCallsOf(value: unknown): readonly MockToolCall[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid('toolCalls', `must be an array, got ${typeName(value)}`);
  return value.map((item: unknown, i: number) => {
    const call = expectObject(item, `toolCalls[${i}]`);
    const out: MockToolCall = {
      toolName: expectString(call.toolName, `toolCalls[${i}].toolName`),
      toolInput: jsonData(call.toolInput ?? {}, `toolCalls[${i}].toolInput`),
      toolOutput: jsonData(call.toolOutput ?? null, `toolCalls[${i}].toolOutput`),
    };
    if (call.fail === undefined) return Object.freeze(out);
    return Object.freeze({ ...out, fail: expectString(call.fail, `toolCalls[${i}].fail`) });
  });
}

function usageOverrides(value: unknown): Partial<TokenUsage> {
  if (value === undefined) return {};
  const given = expectObject(value, 'usage') as Partial<TokenUsage>;
  TokenUsage.create(given, 'usage');
  const out: Record<string, number> = {};
  for (const key of TokenUsage.keys) {
    const count = given[key];
    if (count !== undefined) out[key] = count;
  }
  for (const key of Object.keys(given)) {
    if (!(TokenUsage.keys as readonly string[]).includes(key))
      invalid(`usage.${key}`, 'is not a usage key');
  }
  return Object.freeze(out);
}

function failureOf(value: unknown): Required<MockFailure> | null {
  if (value === undefined) return null;
  const spec = typeof value === 'string' ? { code: value } : expectObject(value, 'failWith');
  if (!isErrorCode(spec.code)) invalid('failWith.code', 'must be an error code of the taxonomy');
  const message =
    spec.message === undefined
      ? `mock provider failure: ${spec.code}`
      : expectString(spec.message, 'failWith.message', MAX_TEXT_LENGTH);
  const afterChunks =
    spec.afterChunks === undefined ? 0 : expectInteger(spec.afterChunks, 'failWith.afterChunks');
  return Object.freeze({ code: spec.code, message, afterChunks });
}

/**
 * Validate `MockAdapter` options (an unknown or malformed option throws `validation_error` naming it)
 * and apply the defaults.
 *
 * @example
 * ```ts
 * parseMockOptions({ chunkSize: 4 }).model; // 'mock-model'
 * ```
 */
export function parseMockOptions(options: unknown = {}): MockSettings {
  if (!isPlainObject(options)) invalid('options', `must be an object, got ${typeName(options)}`);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) invalid(key, 'is not a MockAdapter option');
  }
  const o = options as Record<string, unknown>;
  return Object.freeze({
    model: o.model === undefined ? 'mock-model' : expectString(o.model, 'model'),
    reply: replyOf(o.reply),
    chunkSize: o.chunkSize === undefined ? 8 : expectInteger(o.chunkSize, 'chunkSize', 1),
    deltas: o.deltas === undefined ? null : expectInteger(o.deltas, 'deltas'),
    latencyMs: o.latencyMs === undefined ? 0 : latencyOf(o.latencyMs),
    toolCalls: Object.freeze(toolCallsOf(o.toolCalls)),
    usage: usageOverrides(o.usage),
    costUsd: o.costUsd === undefined ? null : expectNonNegative(o.costUsd, 'costUsd'),
    failure: failureOf(o.failWith),
    hang: flag(o.hang, 'hang'),
    ignoreAbort: flag(o.ignoreAbort, 'ignoreAbort'),
    emitLifecycle: flag(o.emitLifecycle, 'emitLifecycle'),
    emitAfterFinish: flag(o.emitAfterFinish, 'emitAfterFinish'),
    throwRaw: flag(o.throwRaw, 'throwRaw'),
  });
}

/** Node's timers fire after 1 ms for any delay of 2^31 ms or more, so such a latency is refused. */
const MAX_LATENCY_MS = 2 ** 31 - 1;

function latencyOf(value: unknown): number {
  const ms = expectNonNegative(value, 'latencyMs');
  if (ms > MAX_LATENCY_MS) {
    invalid(
      'latencyMs',
      `must be at most ${MAX_LATENCY_MS} ms (the longest delay of Node's timers)`,
    );
  }
  return ms;
}
