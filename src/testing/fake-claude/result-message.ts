import { randomUUID } from 'node:crypto';
import type { WireMessage } from './messages.js';
import {
  type CostState,
  emptyCostState,
  modelUsageReport,
  resultUsage,
  type Tokens,
  zeroTokens,
} from './usage.js';

/** A tool call the permission callback refused, as `result.permission_denials` lists it. */
export interface PermissionDenial {
  readonly tool_name: string;
  readonly tool_use_id: string;
  readonly tool_input: Readonly<Record<string, unknown>>;
}

/** What one turn did so far, for its `result`. */
export interface TurnTally {
  readonly startedAt: number;
  /** Model requests made (the result's `num_turns`). */
  requests: number;
  tokens: Tokens;
  /** This turn's replies only (`model_usage_since_last_result`). */
  readonly sinceLastResult: CostState;
  readonly messageIds: string[];
  readonly denials: PermissionDenial[];
  text: string;
}

export function newTally(): TurnTally {
  return {
    startedAt: Date.now(),
    requests: 0,
    tokens: zeroTokens(),
    sinceLastResult: emptyCostState(),
    messageIds: [],
    denials: [],
    text: '',
  };
}

const SUBAGENT_STATS = {
  spawned: 0,
  requested: { background: 0, foreground: 0, unset: 0 },
  started_in_background: 0,
  max_depth: 0,
  spawned_by_subagents: 0,
  completed: 0,
  failed: 0,
  killed: { parent: 0, user: 0, system: 0 },
  refused: { depth_limit: 0, concurrency_limit: 0, budget: 0 },
  by_type: {},
};

function common(sessionId: string, tally: TurnTally, cost: CostState, usage: Tokens): WireMessage {
  const elapsed = Math.max(1, Date.now() - tally.startedAt);
  return {
    duration_api_ms: elapsed,
    session_id: sessionId,
    total_cost_usd: cost.totalCostUSD,
    usage: resultUsage(usage),
    modelUsage: modelUsageReport(cost.modelUsage),
    permission_denials: [...tally.denials],
    fast_mode_state: 'off',
    fast_mode_disabled_reason: 'sdk_opt_in_required',
    subagent_stats: SUBAGENT_STATS,
    safety_stops: 0,
    num_turns: tally.requests,
    type: 'result',
    duration_ms: elapsed,
    uuid: randomUUID(),
    begun_message_ids: [...tally.messageIds],
    queued_turn_count: 0,
  };
}

function tail(tally: TurnTally, resultIndex: number): WireMessage {
  return {
    result_index: resultIndex,
    model_usage_since_last_result: modelUsageReport(tally.sinceLastResult.modelUsage),
    written_at: new Date().toISOString(),
  };
}

export function successResult(
  sessionId: string,
  tally: TurnTally,
  cost: CostState,
  resultIndex: number,
): WireMessage {
  const base = common(sessionId, tally, cost, tally.tokens);
  const ttft = Math.min(5, Number(base.duration_ms));
  return {
    ...base,
    stop_reason: 'end_turn',
    terminal_reason: 'completed',
    is_error: false,
    subtype: 'success',
    api_error_status: null,
    result: tally.text,
    ttft_ms: ttft,
    ttft_stream_ms: ttft,
    time_to_request_ms: 0,
    first_content_frame_ms: ttft,
    ...tail(tally, resultIndex),
  };
}

/** After an HTTP error: subtype `success` but `is_error`, with the status (as the real CLI). */
export function apiErrorResult(
  sessionId: string,
  tally: TurnTally,
  cost: CostState,
  resultIndex: number,
  error: { status: number; type: string; text: string },
): WireMessage {
  return {
    ...common(sessionId, tally, cost, zeroTokens()),
    stop_reason: 'stop_sequence',
    terminal_reason: 'api_error',
    is_error: true,
    subtype: 'success',
    api_error_status: error.status,
    api_error_type: error.type,
    result: error.text,
    ...tail(tally, resultIndex),
  };
}

/** After `interrupt`: `error_during_execution` with `terminal_reason: 'aborted_streaming'`. */
export function interruptedResult(
  sessionId: string,
  tally: TurnTally,
  cost: CostState,
  resultIndex: number,
): WireMessage {
  return {
    ...common(sessionId, tally, cost, zeroTokens()),
    stop_reason: null,
    terminal_reason: 'aborted_streaming',
    is_error: true,
    num_turns: tally.requests + 1,
    subtype: 'error_during_execution',
    errors: ['[ede_diagnostic] result_type=user last_content_type=n/a stop_reason=null'],
    ...tail(tally, resultIndex),
  };
}

/** `--resume` of an id without a session file: the only message before exit code 1. */
export function noConversationResult(sessionId: string, message: string): WireMessage {
  return {
    type: 'result',
    subtype: 'error_during_execution',
    duration_ms: 0,
    duration_api_ms: 0,
    is_error: true,
    num_turns: 0,
    stop_reason: null,
    session_id: sessionId,
    total_cost_usd: 0,
    usage: resultUsage(zeroTokens()),
    modelUsage: {},
    permission_denials: [],
    uuid: randomUUID(),
    errors: [message],
    result_index: 0,
  };
}
