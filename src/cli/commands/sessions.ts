import { SESSION_STATUSES, type SessionStatus } from '../../core/session-status.js';
import { parseCommandArgs, parseIntegerFlag, stringFlag } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { colors, statusColor, useColor } from '../colors.js';
import { helpText } from '../help.js';
import { type CliIo, writeAll } from '../io.js';
import { asStoreError, openReadSource, storeSpecOf } from '../store-access.js';
import type { SessionsQuery } from '../store-reader.js';
import { visible } from '../terminal-text.js';

const OPTIONS = {
  status: { type: 'string' },
  agent: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function statusOf(value: string | undefined): SessionStatus | undefined {
  if (value === undefined) return undefined;
  if (!(SESSION_STATUSES as readonly string[]).includes(value)) {
    throw usageError(`--status must be one of ${SESSION_STATUSES.join(', ')}, got '${value}'`);
  }
  return value as SessionStatus;
}

function filterText(query: SessionsQuery): string {
  const parts: string[] = [];
  if (query.status !== undefined) parts.push(`--status ${query.status}`);
  if (query.agentId !== undefined) parts.push(`--agent ${visible(query.agentId)}`);
  return parts.join(' ');
}

/**
 * `asm sessions [--status s] [--agent a] [--limit n] [--json]`: list sessions, newest first. Reads
 * only the sessions shown; never creates the store.
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
  const query: SessionsQuery = {
    status: statusOf(stringFlag(args, 'status')),
    agentId: stringFlag(args, 'agent'),
  };
  const limit = parseIntegerFlag(stringFlag(args, 'limit'), 'limit', 1, 1000) ?? 20;
  const source = await openReadSource(args, io, (path) => path);
  if ('missing' in source) {
    if (args.values.json !== true) {
      io.stderr.write(`No store yet at ${source.missing}. Start one with: asm run "Hello"\n`);
    }
    return EXIT.ok;
  }
  try {
    if (args.values.json) {
      const sessions = await source.newestSessions(query, limit);
      for (const session of sessions) {
        if (io.outputClosed?.()) break;
        await writeAll(io.stdout, `${JSON.stringify(session)}\n`);
      }
      return EXIT.ok;
    }
    // The table needs four columns: only those are read.
    const sessions = await source.sessionSummaries(query, limit);
    const c = colors(useColor(io.stdout, io.env));
    if (sessions.length === 0) {
      const filter = filterText(query);
      io.stderr.write(
        filter === ''
          ? 'No sessions. Start one with: asm run "Hello"\n'
          : `No sessions match ${filter}.\n`,
      );
      return EXIT.ok;
    }
    io.stdout.write(
      `${c.bold(`${'SESSION'.padEnd(36)}  ${'STATUS'.padEnd(9)}  ${'AGENT'.padEnd(12)}  CREATED`)}\n`,
    );
    for (const s of sessions) {
      if (io.outputClosed?.()) break;
      const created = s.createdAt.slice(0, 19).replace('T', ' ');
      await writeAll(
        io.stdout,
        `${visible(s.id).padEnd(36)}  ${statusColor(s.status, c)(s.status.padEnd(9))}  ${visible(s.agentId).padEnd(12)}  ${c.dim(created)}\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    throw asStoreError(storeSpecOf(args, io), error);
  } finally {
    await source.close();
  }
}
