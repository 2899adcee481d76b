import type { SessionStore } from '../ports/session-store.js';
import { type ParsedArgs, stringFlag } from './args.js';
import type { CliIo } from './io.js';
import { openStore, parseStoreUrl } from './store-url.js';

/**
 * Open the store named by `--store`, else `ASM_STORE`, else the default SQLite file.
 *
 * @example
 * ```ts
 * const store = await storeFromArgs(args, io);
 * try { … } finally { await store.close(); }
 * ```
 */
export async function storeFromArgs(args: ParsedArgs, io: CliIo): Promise<SessionStore> {
  const url = stringFlag(args, 'store') ?? io.env.ASM_STORE;
  return openStore(parseStoreUrl(url, io.cwd));
}
