import { AgentSessionError } from '../../core/agent-session-error.js';
import { describeThrown } from '../../core/thrown-value.js';

const loading = new Map<string, Promise<unknown>>();

/**
 * Import a provider SDK that is an optional peer dependency, once per package. Without it, throws
 * `provider_unavailable` naming the adapter and the package to install (a failed import is tried
 * again next time, so installing it later works without a restart).
 *
 * @example
 * ```ts
 * const sdk = await loadOptionalPeer<typeof import('@openai/codex-sdk')>(
 *   '@openai/codex-sdk', 'CodexAdapter', 'codex',
 * );
 * ```
 */
export function loadOptionalPeer<T>(pkg: string, adapter: string, provider: string): Promise<T> {
  let promise = loading.get(pkg);
  if (promise === undefined) {
    promise = import(pkg).catch((error: unknown) => {
      loading.delete(pkg);
      throw new AgentSessionError(
        'provider_unavailable',
        `${adapter} needs the optional peer dependency ${pkg}: npm install ${pkg} (${describeThrown(error).message.split('\n')[0]})`,
        { details: { provider, package: pkg } },
      );
    });
    loading.set(pkg, promise);
  }
  return promise as Promise<T>;
}
