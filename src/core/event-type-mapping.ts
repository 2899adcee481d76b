import { type EventType, isEventType } from './event-types.js';

/**
 * Raw provider event type strings and the canonical type each stands for (the table of the original
 * library). Our own 22 type names are accepted as well and kept as they are.
 */
export const RAW_EVENT_TYPES: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['user_message', 'message_sent'],
  ['human_message', 'message_sent'],
  ['user', 'message_sent'],
  ['assistant_message', 'message_received'],
  ['ai_message', 'message_received'],
  ['assistant', 'message_received'],
  ['message', 'message_received'],
  ['delta', 'message_streamed'],
  ['content_block_delta', 'message_streamed'],
  ['text_delta', 'message_streamed'],
  ['stream', 'message_streamed'],
  ['chunk', 'message_streamed'],
  ['tool_use', 'tool_call_started'],
  ['tool_call', 'tool_call_started'],
  ['function_call', 'tool_call_started'],
  ['tool_result', 'tool_call_completed'],
  ['function_result', 'tool_call_completed'],
  ['run_start', 'run_started'],
  ['start', 'run_started'],
  ['run_end', 'run_completed'],
  ['end', 'run_completed'],
  ['done', 'run_completed'],
  ['complete', 'run_completed'],
  ['error', 'error_occurred'],
  ['exception', 'error_occurred'],
  ['usage', 'token_usage_updated'],
  ['token_usage', 'token_usage_updated'],
]);

/** How a raw event's type was decided. */
export interface ResolvedType {
  /** The canonical type. */
  readonly type: EventType;
  /** The raw `type` (or `event`) string, when the raw event had one. */
  readonly rawType: string | null;
  /** True when neither type string nor keys were recognised (the fallback `error_occurred`). */
  readonly unrecognised: boolean;
}

const USAGE_KEYS = [
  'usage',
  'token_usage',
  'tokenUsage',
  'input_tokens',
  'inputTokens',
  'output_tokens',
  'outputTokens',
  'total_tokens',
  'totalTokens',
];

const has = (raw: Readonly<Record<string, unknown>>, key: string) =>
  Object.hasOwn(raw, key) && raw[key] !== undefined && raw[key] !== null;

/** Guess the type of an event without a known type string from the keys it carries. */
function inferFromKeys(raw: Readonly<Record<string, unknown>>): EventType | null {
  if (has(raw, 'delta')) return 'message_streamed';
  if (['tool_use', 'tool_name', 'toolName'].some((key) => has(raw, key))) {
    return 'tool_call_started';
  }
  if (has(raw, 'content')) return 'message_received';
  if (has(raw, 'error')) return 'error_occurred';
  if (USAGE_KEYS.some((key) => has(raw, key))) return 'token_usage_updated';
  return null;
}

const RUN_END_BY_STATUS: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['error', 'run_failed'],
  ['failed', 'run_failed'],
  ['cancelled', 'run_cancelled'],
  ['canceled', 'run_cancelled'],
  ['timeout', 'run_timeout'],
]);

const TOOL_BY_STATUS: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['completed', 'tool_call_completed'],
  ['done', 'tool_call_completed'],
  ['failed', 'tool_call_failed'],
  ['error', 'tool_call_failed'],
]);

/** A run end or a tool call carries its outcome in a `status` field; refine the type by it. */
function refineByStatus(type: EventType, raw: Readonly<Record<string, unknown>>): EventType {
  const status = typeof raw.status === 'string' ? raw.status.toLowerCase() : null;
  if (status === null) return type;
  if (type === 'run_completed') return RUN_END_BY_STATUS.get(status) ?? type;
  if (type === 'tool_call_started') return TOOL_BY_STATUS.get(status) ?? type;
  return type;
}

/**
 * The canonical type of a raw provider event: its `type` (or `event`) string through the mapping
 * table, else a guess from its keys, else `error_occurred` marked unrecognised. Run ends and tool
 * calls are then refined by their `status` (`failed` → `run_failed`, `completed` →
 * `tool_call_completed` …).
 */
export function resolveRawType(raw: Readonly<Record<string, unknown>>): ResolvedType {
  const candidate = typeof raw.type === 'string' ? raw.type : raw.event;
  const rawType = typeof candidate === 'string' && candidate !== '' ? candidate : null;
  let type: EventType | null = null;
  if (rawType !== null) {
    type = isEventType(rawType) ? rawType : (RAW_EVENT_TYPES.get(rawType) ?? null);
  }
  type ??= inferFromKeys(raw);
  if (type === null) return { type: 'error_occurred', rawType, unrecognised: true };
  return { type: refineByStatus(type, raw), rawType, unrecognised: false };
}
