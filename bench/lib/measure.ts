import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Milliseconds spent in `fn`, awaited. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The `p`-th percentile (0–100) of `samples` (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Run the garbage collector if the process was started with `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** A number with thousands separators and at most `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** Print a Markdown table: one header row and the rows below it. */
export function printTable(title: string, header: readonly string[], rows: readonly string[][]) {
  console.log(`\n### ${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** Bytes of a SQLite database on disk: the file and its `-wal` and `-shm` files, when present. */
export function sqliteBytesOnDisk(path: string): number {
  let bytes = 0;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      bytes += statSync(file).size;
    } catch {
      // A missing -wal/-shm file (checkpointed and removed on close) takes no space.
    }
  }
  return bytes;
}

/** The median of `samples` (the upper middle one for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The arithmetic mean of `samples`. */
export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  let sum = 0;
  for (const x of samples) sum += x;
  return sum / samples.length;
}
