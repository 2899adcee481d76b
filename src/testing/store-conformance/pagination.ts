import { expect } from 'vitest';
import type { Page } from '../../ports/page.js';

/**
 * Every item of a listing, following `nextCursor`; asserts each page is non-empty (unless the
 * listing is), at most `limit` long, and that the last page, and only it, has no cursor.
 */
export async function collectPages<T extends { id: string }>(
  list: (cursor: string | undefined) => Promise<Page<T>>,
  limit: number,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await list(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (pages > 0 || page.nextCursor !== null) expect(page.items.length).toBeGreaterThan(0);
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    expect(typeof page.nextCursor).toBe('string');
    cursor = page.nextCursor;
  }
  return expect.unreachable('pagination did not end');
}
