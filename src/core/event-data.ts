import type { EventType } from './event-types.js';
import type { TokenUsage } from './token-usage.js';

/** A tool call an agent made during a run. */
export interface ToolCall {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly toolInput: unknown;
}

/**
 * The canonical `data` of each event type. Adapters produce exactly these keys; provider extras may
 * sit beside them. Types not listed carry free-form data.
 */
export interface CanonicalEventData {
  message_sent: { role: 'user'; content: string };
  message_streamed: { delta: string };
  message_received: { role: 'assistant'; content: string };
  tool_call_started: { toolCallId: string; toolName: string; toolInput: unknown };
  tool_call_completed: { toolCallId: string; toolName: string; toolOutput: unknown };
  tool_call_failed: { toolCallId: string; toolName: string; error: string };
  token_usage_updated: TokenUsage;
  run_started: { provider: string; model: string | null; providerSessionId: string | null };
  run_completed: { stopReason: string | null; tokenUsage: TokenUsage; costUsd: number | null };
  run_failed: { errorCode: string; errorMessage: string };
  run_cancelled: { reason: string };
  run_timeout: { timeoutMs: number };
  error_occurred: { errorCode: string; errorMessage: string; fatal: boolean };
}

/** The `data` type of events of type `T`. */
export type EventData<T extends EventType> = T extends keyof CanonicalEventData
  ? CanonicalEventData[T] & Readonly<Record<string, unknown>>
  : Readonly<Record<string, unknown>>;

/** The keys each canonical type must carry, for run-time checks. */
export const CANONICAL_DATA_KEYS: { readonly [T in keyof CanonicalEventData]: readonly string[] } =
  {
    message_sent: ['role', 'content'],
    message_streamed: ['delta'],
    message_received: ['role', 'content'],
    tool_call_started: ['toolCallId', 'toolName', 'toolInput'],
    tool_call_completed: ['toolCallId', 'toolName', 'toolOutput'],
    tool_call_failed: ['toolCallId', 'toolName', 'error'],
    token_usage_updated: [
      'inputTokens',
      'outputTokens',
      'cacheReadInputTokens',
      'cacheCreationInputTokens',
      'totalTokens',
    ],
    run_started: ['provider', 'model', 'providerSessionId'],
    run_completed: ['stopReason', 'tokenUsage', 'costUsd'],
    run_failed: ['errorCode', 'errorMessage'],
    run_cancelled: ['reason'],
    run_timeout: ['timeoutMs'],
    error_occurred: ['errorCode', 'errorMessage', 'fatal'],
  };

/** The keys of `data` that events of `type` must carry (empty for free-form types). */
export function canonicalKeys(type: EventType): readonly string[] {
  return (CANONICAL_DATA_KEYS as Partial<Record<string, readonly string[]>>)[type] ?? [];
}
