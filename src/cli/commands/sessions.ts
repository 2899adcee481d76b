import type { Session } from '../../core/session.js';
import { SESSION_STATUSES, type SessionStatus } from '../../core/session-status.js';
import type { ListSessionsFilter } from '../../core/store-queries.js';
import type { SessionStore } from '../../ports/session-store.js';
import { parseCommandArgs, parseIntegerFlag, stringFlag } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { colors, statusColor, useColor } from '../colors.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { storeFromArgs } from '../store-flag.js';

const OPTIONS = {
  status: { type: 'string' },
  agent: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The newest `limit` sessions matching `filter`, newest first (the store lists oldest first). */
async function newestSessions(
  store: SessionStore,
  filter: ListSessionsFilter,
  limit: number,
): Promise<Session[]> {
  const kept: Session[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listSessions({ ...filter, limit: 1000, cursor });
    for (const session of page.items) {
      kept.push(session);
      if (kept.length > limit) kept.shift();
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return kept.reverse();
}

function statusOf(value: string | undefined): SessionStatus | undefined {
  if (value === undefined) return undefined;
  if (!(SESSION_STATUSES as readonly string[]).includes(value)) {
    throw usageError(`--status must be one of ${SESSION_STATUSES.join(', ')}, got '${value}'`);
  }
  return value as SessionStatus;
}

/**
 * `asm sessions [--status s] [--agent a] [--limit n] [--json]`: list sessions, newest first.
 *
 * @example
 * ```ts
 * await sessionsCommand(['--status', 'active'], io); // 0
 * ```
 */
export async function sessionsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('sessions', argv, OPTIONS, 0);
  if (args.values.help) {
    io.stdout.write(helpText('sessions'));
    return EXIT.ok;
  }
  const status = statusOf(stringFlag(args, 'status'));
  const agentId = stringFlag(args, 'agent');
  const limit = parseIntegerFlag(stringFlag(args, 'limit'), 'limit', 1, 1000) ?? 20;
  const store = await storeFromArgs(args, io);
  try {
    const filter: ListSessionsFilter = {};
    if (status) filter.status = status;
    if (agentId !== undefined) filter.agentId = agentId;
    const sessions = await newestSessions(store, filter, limit);
    if (args.values.json) {
      for (const session of sessions) io.stdout.write(`${JSON.stringify(session)}\n`);
      return EXIT.ok;
    }
    const c = colors(useColor(io.stdout, io.env));
    if (sessions.length === 0) {
      io.stderr.write('No sessions. Start one with: asm run "Hello"\n');
      return EXIT.ok;
    }
    io.stdout.write(
      `${c.bold(`${'SESSION'.padEnd(36)}  ${'STATUS'.padEnd(9)}  ${'AGENT'.padEnd(12)}  CREATED`)}\n`,
    );
    for (const s of sessions) {
      const created = s.createdAt.slice(0, 19).replace('T', ' ');
      io.stdout.write(
        `${s.id.padEnd(36)}  ${statusColor(s.status, c)(s.status.padEnd(9))}  ${s.agentId.padEnd(12)}  ${c.dim(created)}\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
