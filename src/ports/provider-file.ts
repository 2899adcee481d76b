/**
 * A provider's own session file (Claude Code's `<id>.jsonl`, Codex's rollout), kept in the store
 * so a later run can resume the provider conversation on another machine or with another config
 * directory. The store keeps one current copy per session and provider; its bytes are opaque to
 * the store (the manager stores them compressed).
 *
 * @example
 * ```ts
 * await store.saveProviderFile(session.id, {
 *   provider: 'claude',
 *   name: `${providerSessionId}.jsonl`,
 *   data: new TextEncoder().encode(lines),
 * });
 * const file = await store.getProviderFile(session.id, 'claude'); // { provider, name, data, updatedAt }
 * ```
 */
export interface ProviderFile {
  /** The adapter's name (`ProviderAdapter.name`): one current copy per session and provider. */
  readonly provider: string;
  /** The provider's file name, e.g. `'<session id>.jsonl'`. */
  readonly name: string;
  /** The file's bytes, at most `MAX_PROVIDER_FILE_BYTES` (64 MiB). */
  readonly data: Uint8Array;
  /** When the store saved this copy (ISO 8601); set by the store, ignored on save. */
  readonly updatedAt?: string;
}
