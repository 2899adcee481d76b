import { copyProviderBytes } from '../../core/provider-file-bytes.js';
import { expectString } from '../../core/validate.js';
import type { ProviderFileAccess } from '../../ports/provider-file-access.js';

/**
 * `request.providerFile` kept in memory, for calling an adapter's `execute` directly (the
 * conformance harness, an adapter's unit tests). Bytes are copied in and out, as the manager's
 * does; pass the same instance to the runs of one session so a run loads what the previous saved.
 *
 * @example
 * ```ts
 * const providerFile = new MemoryProviderFile();
 * await adapter.execute({ ...request, providerFile });
 * providerFile.saves; // 1 if the adapter saved its session file
 * ```
 */
export class MemoryProviderFile implements ProviderFileAccess {
  #current: { name: string; data: Uint8Array } | null = null;
  /** How many times `save` was called successfully. */
  saves = 0;
  /** How many times `load` was called. */
  loads = 0;

  /** Start with a stored copy, as if an earlier run had saved it. */
  constructor(initial?: { name: string; data: Uint8Array }) {
    if (initial !== undefined) {
      this.#current = { name: initial.name, data: new Uint8Array(initial.data) };
    }
  }

  /** The current copy without counting a load (a copy; null when nothing was saved). */
  peek(): { name: string; data: Uint8Array } | null {
    const c = this.#current;
    return c === null ? null : { name: c.name, data: new Uint8Array(c.data) };
  }

  async load(): Promise<{ name: string; data: Uint8Array } | null> {
    this.loads++;
    return this.peek();
  }

  save(name: string, data: Uint8Array): Promise<void> {
    try {
      const copy = copyProviderBytes(data, 'data', Number.MAX_SAFE_INTEGER);
      this.#current = { name: expectString(name, 'name'), data: copy };
      this.saves++;
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
