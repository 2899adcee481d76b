import { expect } from 'vitest';

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
