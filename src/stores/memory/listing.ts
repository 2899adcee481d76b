import { encodeCursor } from '../../core/cursor.js';
import type { Run } from '../../core/run.js';
import type { Session } from '../../core/session.js';
import type { CheckedRunsFilter, CheckedSessionsFilter } from '../../core/store-query-checks.js';
import type { Page } from '../../ports/page.js';

/**
 * One keyset page: the first `limit` values (in the order of `ids`) that `keep` accepts. Looks one
 * value further, so `nextCursor` is set only when another page has rows.
 */
export function pageOf<T extends { readonly id: string }>(
  ids: Iterable<string>,
  limit: number,
  lookup: (id: string) => T | undefined,
  keep: (value: T) => boolean,
): Page<T> {
  const items: T[] = [];
  for (const id of ids) {
    const value = lookup(id);
    if (value === undefined || !keep(value)) continue;
    if (items.length === limit) {
      const last = items[limit - 1] as T;
      return Object.freeze({ items: Object.freeze(items), nextCursor: encodeCursor(last.id) });
    }
    items.push(value);
  }
  return Object.freeze({ items: Object.freeze(items), nextCursor: null });
}

/** The predicate of a checked `listSessions` filter. */
export function sessionMatcher(filter: CheckedSessionsFilter): (session: Session) => boolean {
  const { statuses, agentId, tag, createdAfter, createdBefore } = filter;
  const from = createdAfter === null ? null : Date.parse(createdAfter);
  const until = createdBefore === null ? null : Date.parse(createdBefore);
  return (session) => {
    if (statuses !== null && !statuses.includes(session.status)) return false;
    if (agentId !== null && session.agentId !== agentId) return false;
    if (tag !== null && !session.tags.includes(tag)) return false;
    if (from === null && until === null) return true;
    const created = Date.parse(session.createdAt);
    return (from === null || created >= from) && (until === null || created < until);
  };
}

/** The predicate of a checked `listRuns` / `findRuns` filter. */
export function runMatcher(filter: CheckedRunsFilter): (run: Run) => boolean {
  const { statuses, owner } = filter;
  return (run) =>
    (statuses === null || statuses.includes(run.status)) && (owner === null || run.owner === owner);
}
