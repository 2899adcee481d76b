import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The size options of an adapter benchmark: `--quick`, and `--runs N` (`quickRuns` or 20). */
export interface SizeArgs {
  readonly quick: boolean;
  readonly runs: number;
}

/** `--quick` and `--runs N` from the command line (`--runs` must be a positive integer). */
export function sizeArgs(quickRuns = 2): SizeArgs {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const runs = Number(values.runs ?? (quick ? String(quickRuns) : '20'));
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a positive integer');
  return { quick, runs };
}

/**
 * Run `main` in a new temp dir named `prefix…`, removed after it; a failure is printed with its
 * stack and sets the exit code to 1.
 */
export async function inTempRoot(
  prefix: string,
  main: (root: string) => Promise<void>,
): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  try {
    await main(root);
  } catch (error) {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
