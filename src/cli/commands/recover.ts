import { parseCommandArgs } from '../args.js';
import { EXIT } from '../cli-error.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { asStoreError, endRunsOfGoneOwners, openReadSource, storeSpecOf } from '../store-access.js';
import { StoreReader } from '../store-reader.js';

/**
 * `asm recover`: end the runs stored as `running` whose asm process is gone (killed, crashed, the
 * machine restarted): each is stored `failed` (`internal_error`, `run_failed`) and printed. Runs of
 * live asm processes, of other hosts and of other applications are left alone. Every asm command
 * does this quietly when it starts; this one says what it did, and fails on a read-only store.
 *
 * @example
 * ```ts
 * await recoverCommand([], io); // 0
 * ```
 */
export async function recoverCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('recover', argv, {}, 0);
  if (args.values.help) {
    io.stdout.write(helpText('recover'));
    return EXIT.ok;
  }
  const spec = storeSpecOf(args, io);
  const source = await openReadSource(args, io, (path) => path, { endRunsOfGoneOwners: false });
  if ('missing' in source) {
    io.stderr.write(`No store yet at ${source.missing}: nothing to recover.\n`);
    return EXIT.ok;
  }
  try {
    if (!(source instanceof StoreReader)) return EXIT.ok;
    const ended = await endRunsOfGoneOwners(source.path, source.runningRuns(), { quiet: false });
    for (const run of ended) io.stdout.write(`run ${run.id} failed: its asm process is gone\n`);
    if (ended.length === 0) io.stderr.write('No runs to recover.\n');
    return EXIT.ok;
  } catch (error) {
    throw asStoreError(spec, error);
  } finally {
    await source.close();
  }
}
