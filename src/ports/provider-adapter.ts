import type { Capability } from '../core/capability.js';
import type { AdapterExecuteRequest, AdapterResult } from './adapter-execution.js';

/**
 * The port every provider implements (`MockAdapter`, `ClaudeAdapter`, `CodexAdapter`, yours).
 * Applications do not call adapters: `SessionManager` does, and it alone writes lifecycle events,
 * assigns ids and `seq`, enforces limits and maps thrown errors to the taxonomy.
 *
 * Contract (checked by `runAdapterConformance` in `agent-session-manager/testing`):
 * - `execute` emits canonical events (DESIGN §4 data shapes), then resolves with the output and
 *   this run's usage, or throws an `AgentSessionError` with a provider code
 *   (`provider_authentication_failed`, `provider_rate_limited`, `provider_unavailable`,
 *   `provider_timeout`, `provider_quota_exceeded`, `provider_error`, …);
 * - once `signal` is aborted it stops within a bounded time and emits nothing more;
 * - `capabilities()` lists only what it can really do; the optional control methods exist only when
 *   the provider supports them;
 * - no secret (API key, token in `env`) appears in anything it emits or throws.
 *
 * @example
 * ```ts
 * const echo: ProviderAdapter = {
 *   name: 'echo',
 *   capabilities: () => [],
 *   async execute({ run, emit }) {
 *     const content = inputText(run.input);
 *     emit({ type: 'message_received', data: { role: 'assistant', content } });
 *     return { output: { content, stopReason: 'end_turn', toolCalls: [] }, tokenUsage: {} };
 *   },
 * };
 * ```
 */
export interface ProviderAdapter {
  /** Provider name stored on events and spans (`gen_ai.system`), e.g. `'claude'`. */
  readonly name: string;
  /** The default model, when the adapter has one. */
  readonly model?: string | null;
  capabilities(): readonly Capability[];
  execute(request: AdapterExecuteRequest): Promise<AdapterResult>;
  /** Stop the current turn of a run but keep the conversation usable. */
  interrupt?(runId: string): Promise<void>;
  pause?(runId: string): Promise<void>;
  resume?(runId: string): Promise<void>;
  /** Throw `validation_error` naming the bad option; return nothing when the config is usable. */
  validateConfig?(config: Readonly<Record<string, unknown>>): void;
}
