import type { ResolvedType } from './event-type-mapping.js';
import type { EventType } from './event-types.js';
import { TokenUsage } from './token-usage.js';
import { isPlainObject } from './validate.js';

type Raw = Readonly<Record<string, unknown>>;

/** The first of `keys` that `raw` holds with a value other than null/undefined. */
function pick(raw: Raw, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = Object.hasOwn(raw, key) ? raw[key] : undefined;
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
const obj = (value: unknown): Raw | null => (isPlainObject(value) ? value : null);

/** Text out of a string, a `{ text }` / `{ content }` block, or a list of such blocks. */
function text(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value;
  if (depth > 3) return null;
  if (Array.isArray(value)) {
    const parts = value.map((part) => text(part, depth + 1)).filter((p) => p !== null);
    return parts.length > 0 ? parts.join('') : null;
  }
  const block = obj(value);
  return block === null ? null : text(pick(block, ['text', 'content']), depth + 1);
}

/** Token counts from a `usage` object (or the event itself), snake_case or camelCase. */
export function usageOf(raw: Raw): TokenUsage {
  const src = obj(pick(raw, ['usage', 'token_usage', 'tokenUsage'])) ?? raw;
  const count = (keys: readonly string[]) => num(pick(src, keys)) ?? undefined;
  return TokenUsage.create({
    inputTokens: count(['input_tokens', 'inputTokens', 'prompt_tokens']),
    outputTokens: count(['output_tokens', 'outputTokens', 'completion_tokens']),
    cacheReadInputTokens: count(['cache_read_input_tokens', 'cacheReadInputTokens']),
    cacheCreationInputTokens: count(['cache_creation_input_tokens', 'cacheCreationInputTokens']),
    totalTokens: count(['total_tokens', 'totalTokens']),
  });
}

function errorOf(raw: Raw, defaultCode: string, defaultMessage: string) {
  const error = pick(raw, ['error']);
  const nested = obj(error) ?? {};
  const code = str(pick(raw, ['error_code', 'errorCode', 'code'])) ?? str(pick(nested, ['code']));
  const message =
    str(pick(raw, ['error_message', 'errorMessage'])) ??
    str(error) ??
    str(pick(nested, ['message'])) ??
    str(pick(raw, ['message']));
  return {
    errorCode: code ?? str(pick(nested, ['type'])) ?? defaultCode,
    errorMessage: message ?? defaultMessage,
  };
}

function toolOf(raw: Raw) {
  const nested = obj(pick(raw, ['tool_use', 'tool_call', 'function_call'])) ?? {};
  const find = (keys: readonly string[]) => pick(nested, keys) ?? pick(raw, keys);
  return {
    toolCallId:
      str(find(['tool_call_id', 'toolCallId', 'tool_use_id', 'toolUseId', 'call_id', 'id'])) ?? '',
    toolName: str(find(['tool_name', 'toolName', 'name'])) ?? '',
    find,
  };
}

const contentOf = (raw: Raw) => text(pick(raw, ['content', 'text', 'message'])) ?? '';

type Builder = (raw: Raw, provider: string | null) => Record<string, unknown>;

/** Canonical `data` per type (see `CANONICAL_DATA_KEYS`), filled from the raw event with neutral defaults. */
const BUILDERS: Partial<Record<EventType, Builder>> = {
  message_sent: (raw) => ({ role: 'user', content: contentOf(raw) }),
  message_received: (raw) => ({ role: 'assistant', content: contentOf(raw) }),
  message_streamed: (raw) => ({ delta: text(pick(raw, ['delta', 'text', 'content'])) ?? '' }),
  tool_call_started: (raw) => {
    const { find, ...ids } = toolOf(raw);
    return { ...ids, toolInput: find(['tool_input', 'toolInput', 'input', 'arguments']) ?? {} };
  },
  tool_call_completed: (raw) => {
    const { find, ...ids } = toolOf(raw);
    const toolOutput = find(['tool_output', 'toolOutput', 'output', 'result', 'content']) ?? null;
    return { ...ids, toolOutput };
  },
  tool_call_failed: (raw) => {
    const { find: _, ...ids } = toolOf(raw);
    return { ...ids, error: errorOf(raw, 'tool_error', 'tool call failed').errorMessage };
  },
  token_usage_updated: (raw) => ({ ...usageOf(raw) }),
  run_started: (raw, provider) => ({
    provider: provider ?? str(pick(raw, ['provider'])) ?? 'generic',
    model: str(pick(raw, ['model'])),
    providerSessionId: str(
      pick(raw, ['provider_session_id', 'providerSessionId', 'session_id', 'sessionId']),
    ),
  }),
  run_completed: (raw) => ({
    stopReason: str(pick(raw, ['stop_reason', 'stopReason'])),
    tokenUsage: usageOf(raw),
    costUsd: num(pick(raw, ['cost_usd', 'costUsd'])),
  }),
  run_failed: (raw) => errorOf(raw, 'provider_error', 'run failed'),
  run_cancelled: (raw) => ({ reason: str(pick(raw, ['reason'])) ?? 'cancelled' }),
  run_timeout: (raw) => ({ timeoutMs: num(pick(raw, ['timeout_ms', 'timeoutMs'])) ?? 0 }),
  error_occurred: (raw) => ({
    ...errorOf(raw, 'provider_error', 'provider reported an error'),
    fatal: raw.fatal === true,
  }),
};

/**
 * The `data` of the canonical event made from `raw`: the canonical keys of `resolved.type`, the raw
 * event under `raw`, and for an unrecognised event its `originalType`.
 */
export function buildEventData(
  raw: Raw,
  resolved: ResolvedType,
  provider: string | null,
): Record<string, unknown> {
  if (resolved.unrecognised) {
    const what = resolved.rawType === null ? 'no type' : `type "${resolved.rawType.slice(0, 64)}"`;
    const data: Record<string, unknown> = {
      errorCode: 'invalid_event_type',
      errorMessage: `unrecognised raw event (${what})`,
      fatal: false,
      raw,
    };
    if (resolved.rawType !== null) data.originalType = resolved.rawType;
    return data;
  }
  const build = BUILDERS[resolved.type];
  return { ...(build === undefined ? {} : build(raw, provider)), raw };
}

/** Event metadata: the raw event's own `metadata` plus model, stop reason and provider id. */
export function buildMetadata(raw: Raw): Record<string, unknown> {
  const meta: Record<string, unknown> = { ...obj(raw.metadata) };
  const extras: [string, readonly string[]][] = [
    ['model', ['model']],
    ['stopReason', ['stop_reason', 'stopReason']],
    ['providerEventId', ['id', 'message_id', 'messageId']],
  ];
  for (const [key, keys] of extras) {
    const value = str(pick(raw, keys));
    if (value !== null && !Object.hasOwn(meta, key)) meta[key] = value;
  }
  return meta;
}
