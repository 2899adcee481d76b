import type { Capability } from '../core/capability.js';
import type { AdapterExecuteRequest, AdapterResult } from './adapter-execution.js';

/** The version of the `ProviderAdapter` contract this package implements. */
export type AdapterSpecificationVersion = 'v1';

/**
 * The port every provider implements (`MockAdapter`, `ClaudeAdapter`, `CodexAdapter`, yours).
 * Applications do not call adapters: `SessionManager` does, and it alone writes lifecycle events,
 * assigns ids and `seq`, enforces limits and maps thrown errors to the taxonomy.
 *
 * Contract (checked by `runAdapterConformance` in `agent-session-manager/testing`):
 * - `specificationVersion` is `'v1'`: the manager refuses any other value when it is constructed;
 * - `execute` emits canonical events (`AdapterEvent`), then resolves with the output and this
 *   run's usage, or throws an `AgentSessionError` with a provider code
 *   (`provider_authentication_failed`, `provider_rate_limited`, `provider_unavailable`,
 *   `provider_timeout`, `provider_quota_exceeded`, `provider_error`, …);
 * - when `emit` returns a promise, it awaits it before emitting more;
 * - once `signal` is aborted it stops within a bounded time and emits nothing more;
 * - what a run can do while it executes (`interrupt`, `pause`, `resume`) is registered on
 *   `request.control`, only while `execute` runs and only when the provider supports it;
 * - `capabilities()` lists only what it can really do;
 * - no secret (API key, token in `env`) appears in anything it emits or throws.
 *
 * Configuration belongs to the adapter's constructor, which validates it.
 *
 * @example
 * ```ts
 * const echo: ProviderAdapter = {
 *   specificationVersion: 'v1',
 *   name: 'echo',
 *   capabilities: () => [],
 *   async execute({ run, emit }) {
 *     const content = inputText(run.input);
 *     emit({ type: 'message_received', data: { role: 'assistant', content } });
 *     return { output: { content, stopReason: 'end_turn', toolCalls: [] }, tokenUsage: {} };
 *   },
 * };
 * const manager = new SessionManager({ adapter: echo });
 * ```
 */
export interface ProviderAdapter {
  /** The contract version: `'v1'`. */
  readonly specificationVersion: AdapterSpecificationVersion;
  /** Provider name stored on events and spans (`gen_ai.system`), e.g. `'claude'`. */
  readonly name: string;
  /** The default model, when the adapter has one. */
  readonly model?: string | null;
  /**
   * Whether `execute` reads `request.transcript` (default true). An adapter that continues the
   * provider's own conversation through `providerSessionId` sets it to false: the manager then
   * does not read the session's earlier messages for each run (`transcript` is empty).
   */
  readonly needsTranscript?: boolean;
  capabilities(): readonly Capability[];
  execute(request: AdapterExecuteRequest): Promise<AdapterResult>;
  /**
   * Optional, for adapters that keep something per session between runs (a warm CLI process):
   * release it. The manager calls it once after `completeSession`, `failSession` and
   * `cancelSession` succeed (after the session's runs ended). A later run of the session, if
   * any, must still work. A throw or rejection is reported on the session's log, never fails the
   * manager's operation; the manager waits for it at most `adapterCloseTimeoutMs`.
   */
  closeSession?(sessionId: string): Promise<void>;
  /**
   * Optional: release everything the adapter holds. `SessionManager.close()` calls it once, after
   * the runs ended and before the store closes, and waits for it at most `adapterCloseTimeoutMs`;
   * a throw or rejection does not fail `close()`.
   */
  close?(): Promise<void>;
}
