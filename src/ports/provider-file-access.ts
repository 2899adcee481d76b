/**
 * The provider session file of the run's session and adapter (`request.providerFile`): what the
 * session's previous run saved, and where this run saves the current copy. The manager binds it to
 * the session and to `adapter.name`, compresses what is saved and decompresses what is loaded, so
 * the adapter sees the provider's own bytes.
 *
 * @example
 * ```ts
 * async execute({ providerFile, providerSessionId }) {
 *   const previous = await providerFile.load(); // null on the first run, or if the copy is unreadable
 *   if (previous !== null) await writeFile(join(projectDir, previous.name), previous.data);
 *   // … run the turn …
 *   await providerFile.save(`${providerSessionId}.jsonl`, await readFile(sessionFilePath));
 * }
 * ```
 */
export interface ProviderFileAccess {
  /**
   * The current copy, or null when there is none. A stored copy that cannot be decompressed loads
   * as null (and is reported by the manager); `load` does not throw for it.
   */
  load(): Promise<{ name: string; data: Uint8Array } | null>;
  /**
   * Replace the current copy. The bytes are copied before `save` returns a promise, so the caller
   * may reuse its buffer. A failing store throws `AgentSessionError` `storage_error`.
   */
  save(name: string, data: Uint8Array): Promise<void>;
}
