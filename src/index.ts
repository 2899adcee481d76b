// Root entry point: core values and errors. Stores, adapters and the manager are added as they land.

export {
  MockAdapter,
  type MockAdapterOptions,
  type MockFailure,
  type MockReplyContext,
  type MockToolCall,
} from './adapters/mock/index.js';
export {
  AgentSessionError,
  type AgentSessionErrorJSON,
  type AgentSessionErrorOptions,
} from './core/agent-session-error.js';
export {
  Capability,
  type CapabilityAttrs,
  type CapabilityJSON,
} from './core/capability.js';
export {
  CapabilityResolver,
  type CapabilityResolverOptions,
  type NegotiationResult,
} from './core/capability-resolver.js';
export {
  CAPABILITY_TYPES,
  type CapabilityType,
  isCapabilityType,
} from './core/capability-type.js';
export { isIsoTimestamp, nowIso } from './core/clock.js';
export {
  ERROR_CATEGORIES,
  ERROR_CODES,
  ERROR_CODES_BY_CATEGORY,
  type ErrorCategory,
  type ErrorCode,
  errorCategory,
  isErrorCode,
  isRetryableCode,
  RETRYABLE_ERROR_CODES,
} from './core/error-codes.js';
export {
  CANONICAL_DATA_KEYS,
  type CanonicalEventData,
  canonicalKeys,
  type EventData,
  type ToolCall,
} from './core/event-data.js';
export {
  EventNormalizer,
  type NormalizeBatchOptions,
  type NormalizeContext,
} from './core/event-normalizer.js';
export {
  DEFAULT_MAX_BUFFER_SIZE,
  EventStream,
  type EventStreamOptions,
  type EventStreamStats,
} from './core/event-stream.js';
export {
  EVENT_TYPES,
  EVENT_TYPES_BY_GROUP,
  type EventGroup,
  type EventType,
  eventGroup,
  isEventType,
  isTerminalRunEventType,
  TERMINAL_RUN_EVENT_TYPES,
  type TerminalRunEventType,
} from './core/event-types.js';
export { type IdPrefix, isId, newId } from './core/ids.js';
export { Manifest, type ManifestAttrs, type ManifestJSON } from './core/manifest.js';
export { providerErrorFromStatus, statusFromMessage } from './core/provider-errors.js';
export { Registry, type RegistryJSON } from './core/registry.js';
export { Run, type RunAttrs } from './core/run.js';
export {
  type InputMessage,
  inputText,
  type RunError,
  type RunInput,
  type RunOutput,
} from './core/run-parts.js';
export { RUN_STATUSES, RUN_TRANSITIONS, type RunStatus } from './core/run-status.js';
export { Session, type SessionAttrs } from './core/session.js';
export { SessionEvent, type SessionEventAttrs } from './core/session-event.js';
export {
  SESSION_STATUSES,
  SESSION_TRANSITIONS,
  type SessionStatus,
} from './core/session-status.js';
export { canTransition, isTerminal, type TransitionTable } from './core/state-machine.js';
export { TokenUsage } from './core/token-usage.js';
export type { ControlOperation, OperationRecord } from './manager/control/run-operations.js';
export type { RunStream } from './manager/events/run-stream.js';
export type { SubscribeOptions, Subscription } from './manager/events/subscription.js';
export {
  MAX_TIMER_MS,
  type ManagerLimits,
  type SessionManagerOptions,
} from './manager/manager-options.js';
export type { RecoverOptions } from './manager/run/recovery.js';
export type { RunResult } from './manager/run/run-result.js';
export type { LimiterStatus } from './manager/scheduling/concurrency-limiter.js';
export type { ExecuteRunOptions } from './manager/scheduling/run-scheduler.js';
export {
  type RunOnceOptions,
  SessionManager,
  type StartRunOptions,
  type StartSessionAttrs,
} from './manager/session-manager.js';
export { type AuditLogFilter, getAuditLog } from './observability/audit-log.js';
export {
  type CreateTelemetryOptions,
  createTelemetry,
  noopTelemetry,
} from './observability/create-telemetry.js';
export {
  EVENT_CHANNEL,
  RUN_TRACING_CHANNEL,
  type RunTraceContext,
  type StoredEventsMessage,
} from './observability/diagnostics.js';
export type { RunTelemetryStart, RunTrace, Telemetry } from './observability/telemetry.js';
export type {
  AdapterEvent,
  AdapterEventData,
  AdapterEventType,
  Emit,
} from './ports/adapter-event.js';
export type {
  AdapterExecuteRequest,
  AdapterResult,
  TranscriptMessage,
} from './ports/adapter-execution.js';
export type {
  AdapterRunControl,
  RunControlHandlers,
  RunControlOperation,
} from './ports/adapter-run-control.js';
export type { Page } from './ports/page.js';
export type { AdapterSpecificationVersion, ProviderAdapter } from './ports/provider-adapter.js';
export type { ProviderFile } from './ports/provider-file.js';
export type { ProviderFileAccess } from './ports/provider-file-access.js';
export type { SessionStore } from './ports/session-store.js';
export type {
  AppendOptions,
  CommitRequest,
  CommitResult,
  FindRunsFilter,
  ListRunsFilter,
  ListSessionsFilter,
  ReadEventsOptions,
} from './ports/store-queries.js';
export { InMemorySessionStore } from './stores/memory/in-memory-session-store.js';
