import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** One Markdown table a benchmark printed: its `###` title, header cells and body rows. */
export interface BenchTable {
  readonly title: string;
  header: string[];
  readonly rows: string[][];
}

const cells = (line: string) =>
  line
    .slice(1, -1)
    .split(' | ')
    .map((cell) => cell.trim());

/** Every table of a benchmark's output, in order. */
export function benchTables(stdout: string): BenchTable[] {
  const found: BenchTable[] = [];
  let current: BenchTable | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('### ')) {
      current = { title: line.slice(4), header: [], rows: [] };
      found.push(current);
    } else if (current !== null && line.startsWith('| ')) {
      if (current.header.length === 0) current.header = cells(line);
      else if (!line.startsWith('| ---')) current.rows.push(cells(line));
    }
  }
  return found;
}

/** A printed number (thousands separators allowed) as a number; NaN for `n/a` and text. */
export const tableNumber = (cell: string): number => Number(cell.replaceAll(',', ''));

/** The table whose title starts with `titleStart` (throws naming it when there is none). */
export function benchTable(all: readonly BenchTable[], titleStart: string): BenchTable {
  const found = all.find((t) => t.title.startsWith(titleStart));
  if (found === undefined) throw new Error(`no table titled "${titleStart}…"`);
  return found;
}

/**
 * Expect `t` to have exactly the rows `names`, each with a cell per header cell, `runs` in its
 * second cell and a positive number in every later one.
 */
export function expectBenchRows(t: BenchTable, names: readonly string[], runs: number): void {
  expect(t.rows.map((row) => row[0])).toEqual(names);
  for (const row of t.rows) {
    expect(row).toHaveLength(t.header.length);
    expect(tableNumber(row[1] as string)).toBe(runs);
    for (const cell of row.slice(2)) expect(tableNumber(cell)).toBeGreaterThan(0);
  }
}

/**
 * Run `bench/<file> --quick` through tsx from the repository root, killed after `timeoutMs`;
 * expect it to exit 0 with nothing on stderr, and return the tables it printed.
 */
export function runQuickBench(file: string, timeoutMs: number): BenchTable[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file), '--quick'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return benchTables(child.stdout);
}

/**
 * Expect the translation table of `translator` (its rows, positive figures, the baseline's ratio
 * to itself) over every recorded stream of `fixtures` (a directory under the repository root),
 * with more messages than streams and some events.
 */
export function expectTranslationTable(
  all: readonly BenchTable[],
  translator: string,
  fixtures: string,
): void {
  const translation = benchTable(all, 'Translation of the recorded streams');
  expect(translation.rows.map((row) => row[0])).toEqual([
    'JSON.parse of the lines',
    `${translator} (messages parsed before)`,
    `JSON.parse + ${translator}`,
  ]);
  expect(translation.rows[0]?.at(-1)).toBe('1.00');
  for (const row of translation.rows) {
    expect(tableNumber(row[1] as string)).toBeGreaterThan(0);
    expect(tableNumber(row[2] as string)).toBeGreaterThan(0);
  }
  // Every recorded stream, and the events the translator made of them.
  const streams = readdirSync(join(ROOT, fixtures)).filter((name) =>
    name.endsWith('.jsonl'),
  ).length;
  const counts = /\((\d+) streams, (\d+) messages, (\d+) events a pass;/.exec(translation.title);
  expect(counts?.slice(1).map(Number)).toEqual([streams, expect.any(Number), expect.any(Number)]);
  expect(Number(counts?.[2])).toBeGreaterThan(streams);
  expect(Number(counts?.[3])).toBeGreaterThan(0);
}
