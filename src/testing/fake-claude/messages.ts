import { randomBytes, randomUUID } from 'node:crypto';
import type { Tokens } from './usage.js';

/** A JSON object written to stdout as one line. */
export type WireMessage = Record<string, unknown>;

/** The version the fake reports where the CLI reports its own. */
export const FAKE_CLAUDE_VERSION = '2.1.333-fake';

const now = () => new Date().toISOString();
// The model API's `request-id` header, which the CLI copies onto each assistant message.
const requestId = () => `req_fake_${randomBytes(12).toString('hex')}`;

/** The fields after `message` on every user and assistant line, in the order the CLI writes them. */
function lineEnvelope(sessionId: string, uuid: string): WireMessage {
  return { parent_tool_use_id: null, session_id: sessionId, uuid, timestamp: now() };
}

/** Host-only state change the SDK consumes (it ends a run on `idle` after a result). */
export function sessionStateChanged(sessionId: string, state: string): WireMessage {
  return {
    type: 'system',
    subtype: 'session_state_changed',
    state,
    sdk_host_only: true,
    uuid: randomUUID(),
    session_id: sessionId,
    written_at: now(),
  };
}

/** What `system/init` reports about the session, one per turn. */
export interface InitInfo {
  readonly sessionId: string;
  readonly cwd: string;
  readonly model: string;
  readonly tools: readonly string[];
  readonly permissionMode: string;
  readonly apiKeySource: string;
  readonly memoryDir: string;
  readonly socketPath: string;
  readonly additionalDirectories: readonly string[];
}

export function systemInit(info: InitInfo): WireMessage {
  return {
    type: 'system',
    subtype: 'init',
    cwd: info.cwd,
    session_id: info.sessionId,
    tools: [...info.tools],
    mcp_servers: [],
    model: info.model,
    permissionMode: info.permissionMode,
    slash_commands: [],
    terminal_slash_commands: [],
    apiKeySource: info.apiKeySource,
    claude_code_version: FAKE_CLAUDE_VERSION,
    output_style: 'default',
    agents: [],
    skills: [],
    plugins: [],
    capabilities: ['interrupt_receipt_v1'],
    analytics_disabled: true,
    product_feedback_disabled: true,
    served_by_anthropic: false,
    uuid: randomUUID(),
    sandbox_enabled: false,
    memory_paths: { auto: info.memoryDir },
    original_cwd: info.cwd,
    additional_directories: [...info.additionalDirectories],
    messaging_socket_path: info.socketPath,
    fast_mode_state: 'off',
    fast_mode_disabled_reason: 'sdk_opt_in_required',
    per_turn_effort_active: false,
    ultrathink_available: false,
    ultrathink_typed_raises: false,
    view_mode: 'default',
    written_at: now(),
  };
}

export function systemStatusRequesting(sessionId: string): WireMessage {
  return {
    type: 'system',
    subtype: 'status',
    status: 'requesting',
    session_id: sessionId,
    uuid: randomUUID(),
    written_at: now(),
  };
}

export function streamEvent(
  sessionId: string,
  apiMessageId: string,
  event: WireMessage,
  extra: WireMessage = {},
): WireMessage {
  return {
    type: 'stream_event',
    event,
    session_id: sessionId,
    parent_tool_use_id: null,
    uuid: randomUUID(),
    ...extra,
    api_message_id: apiMessageId,
  };
}

/** The usage an assistant message carries: what `message_start` reported. */
export function startUsage(t: Tokens): WireMessage {
  return {
    input_tokens: t.input_tokens,
    output_tokens: 1,
    cache_creation_input_tokens: t.cache_creation_input_tokens,
    cache_read_input_tokens: t.cache_read_input_tokens,
  };
}

export function assistantMessage(
  sessionId: string,
  apiMessageId: string,
  model: string,
  block: WireMessage,
  tokens: Tokens,
  uuid: string,
): WireMessage {
  return {
    type: 'assistant',
    message: {
      id: apiMessageId,
      type: 'message',
      role: 'assistant',
      model,
      content: [block],
      stop_reason: null,
      stop_sequence: null,
      usage: startUsage(tokens),
      context_management: null,
    },
    ...lineEnvelope(sessionId, uuid),
    request_id: requestId(),
  };
}

export function userMessage(
  sessionId: string,
  content: readonly WireMessage[],
  uuid: string,
  extra: WireMessage = {},
): WireMessage {
  return {
    type: 'user',
    message: { role: 'user', content },
    ...lineEnvelope(sessionId, uuid),
    ...extra,
  };
}

/** The CLI's `assistant.error` value for an API status. */
export function assistantErrorKind(status: number): string {
  if (status === 401 || status === 403) return 'authentication_failed';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server_error';
  return 'unknown';
}

/** The text the CLI shows for an API error. */
export function apiErrorText(status: number, message: string): string {
  if (status === 401 || status === 403)
    return `Failed to authenticate. API Error: ${status} ${message}`;
  if (status === 429) return `API Error: Request rejected (429) · ${message}`;
  if (status >= 500) {
    return `API Error: ${status} ${message}. This is a server-side issue, usually temporary — try again in a moment.`;
  }
  return `API Error: ${status} ${message}`;
}

export function apiErrorAssistant(
  sessionId: string,
  status: number,
  errorType: string,
  text: string,
  uuid: string,
): WireMessage {
  return {
    type: 'assistant',
    message: {
      diagnostics: null,
      id: randomUUID(),
      container: null,
      model: '<synthetic>',
      role: 'assistant',
      stop_details: null,
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
      content: [{ type: 'text', text }],
      context_management: null,
    },
    ...lineEnvelope(sessionId, uuid),
    request_id: requestId(),
    error: assistantErrorKind(status),
    is_api_error_message: true,
    api_error_status: status,
    api_error_type: errorType,
  };
}
