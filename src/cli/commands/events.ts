import type { SessionEvent } from '../../core/session-event.js';
import { parseCommandArgs, parseIntegerFlag, stringFlag } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { colors, useColor } from '../colors.js';
import { eventLine } from '../event-line.js';
import { helpText } from '../help.js';
import { type CliIo, writeAll } from '../io.js';
import {
  asStoreError,
  noStoreYet,
  openReadSource,
  type ReadSource,
  storeSpecOf,
} from '../store-access.js';

const OPTIONS = {
  after: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  json: { type: 'boolean' },
} as const;

/** How often `--follow` re-reads the store to see other processes' appends. */
const FOLLOW_POLL_MS = 200;
/** Events read per store query: memory stays bounded whatever the length of the log. */
const PAGE_SIZE = 500;

/** Print every event after `after`, page by page; returns the last seq printed. */
async function printPages(
  source: ReadSource,
  sessionId: string,
  after: number,
  print: (event: SessionEvent) => Promise<void>,
  stopped: () => boolean,
): Promise<number> {
  let cursor = after;
  while (!stopped()) {
    const page = await source.events(sessionId, cursor, PAGE_SIZE);
    for (const event of page) {
      if (stopped()) return cursor;
      await print(event);
      cursor = event.seq;
    }
    if (page.length < PAGE_SIZE) break;
  }
  return cursor;
}

/**
 * `asm events <session> [--after N] [--follow] [--json]`: print a session's event log, page by
 * page; with `--follow`, keep printing new events (also those other processes store) until
 * SIGINT/SIGTERM, then exit 0.
 *
 * @example
 * ```ts
 * await eventsCommand(['ses_0190…', '--after', '3', '--json'], io); // 0
 * ```
 */
export async function eventsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('events', argv, OPTIONS, 1);
  if (args.values.help) {
    io.stdout.write(helpText('events'));
    return EXIT.ok;
  }
  const sessionId = args.positionals[0];
  if (sessionId === undefined) throw usageError('missing <session> (see asm events --help)');
  const after =
    parseIntegerFlag(stringFlag(args, 'after'), 'after', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const source = await openReadSource(args, io, (path) => {
    throw noStoreYet(path, `session ${sessionId} does not exist`);
  });
  if ('missing' in source) return EXIT.usage;
  const c = colors(useColor(io.stdout, io.env));
  const print = args.values.json
    ? (event: SessionEvent) => writeAll(io.stdout, `${JSON.stringify(event)}\n`)
    : (event: SessionEvent) => writeAll(io.stdout, eventLine(event, c));
  let stop = false;
  const dispose = io.onSignal(() => {
    stop = true;
  });
  const stopped = () => stop || io.outputClosed?.() === true;
  try {
    await source.getSession(sessionId);
    let cursor = await printPages(source, sessionId, after, print, stopped);
    if (!args.values.follow) return EXIT.ok;
    // Following: re-read from the cursor while idle; the process stays up until a signal.
    while (!stopped()) {
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
      cursor = await printPages(source, sessionId, cursor, print, stopped);
    }
    return EXIT.ok;
  } catch (error) {
    throw asStoreError(storeSpecOf(args, io), error);
  } finally {
    dispose();
    await source.close();
  }
}
