import { AgentSessionError } from '../../core/agent-session-error.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';

/** The adapter port versions this manager can drive. */
export const SUPPORTED_ADAPTER_VERSIONS: readonly string[] = Object.freeze(['v1']);

/**
 * Adapters carry the version of the contract they implement; one written for a later (or no)
 * version cannot run here, so the manager refuses it when it is constructed, not at the first run.
 */
export function checkAdapterVersion(adapter: ProviderAdapter): void {
  const version: unknown = (adapter as { specificationVersion?: unknown }).specificationVersion;
  if (typeof version === 'string' && SUPPORTED_ADAPTER_VERSIONS.includes(version)) return;
  const has = typeof version === 'string' ? `"${version}"` : `no version (${typeof version})`;
  throw new AgentSessionError(
    'validation_error',
    `options.adapter.specificationVersion: adapter ${adapter.name} implements ProviderAdapter ${has}; this version of agent-session-manager supports "v1"`,
    {
      details: {
        field: 'options.adapter.specificationVersion',
        adapter: adapter.name,
        specificationVersion: typeof version === 'string' ? version : null,
        supported: [...SUPPORTED_ADAPTER_VERSIONS],
      },
    },
  );
}
