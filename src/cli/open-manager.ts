import { SessionManager } from '../manager/session-manager.js';
import type { ProviderAdapter } from '../ports/provider-adapter.js';
import type { SessionStore } from '../ports/session-store.js';
import { cliOwnerId } from './run-owner.js';

/** A manager over a store the CLI opened; `close()` closes both. */
export interface CliManager {
  readonly manager: SessionManager;
  readonly store: SessionStore;
  close(): Promise<void>;
}

/**
 * A `SessionManager` for one `asm` command: telemetry off, runs owned by
 * `asm:<host>:<pid>:<start time>` so `asm cancel` can find this process, and nothing else.
 *
 * @example
 * ```ts
 * const { manager, close } = openManager(store, adapter);
 * try { … } finally { await close(); }
 * ```
 */
export function openManager(store: SessionStore, adapter: ProviderAdapter): CliManager {
  const manager = new SessionManager({
    store,
    adapter,
    telemetry: false,
    ownerId: cliOwnerId(),
  });
  let closing: Promise<void> | null = null;
  return {
    manager,
    store,
    close() {
      closing ??= manager
        .close()
        .catch(() => undefined)
        .then(() => store.close());
      return closing;
    },
  };
}
