import { AgentSessionError } from './agent-session-error.js';

/** A transition table: for each status, the statuses it may move to. */
export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

/** Whether the table allows `from` → `to`. */
export function canTransition<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
): boolean {
  return table[from]?.includes(to) ?? false;
}

/** Whether `status` has no way out. */
export function isTerminal<S extends string>(table: TransitionTable<S>, status: S): boolean {
  return (table[status]?.length ?? 0) === 0;
}

/** Throw `invalid_transition`, naming both statuses, unless the table allows `from` → `to`. */
export function assertTransition<S extends string>(
  table: TransitionTable<S>,
  what: 'session' | 'run',
  id: string,
  from: S,
  to: S,
): void {
  if (!canTransition(table, from, to)) {
    throw new AgentSessionError(
      'invalid_transition',
      `cannot move ${what} ${id} from ${from} to ${to}`,
      { details: { [`${what}Id`]: id, from, to } },
    );
  }
}
