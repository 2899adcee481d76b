import { parseCommandArgs, parseIntegerFlag, stringFlag } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { colors, useColor } from '../colors.js';
import { eventLine } from '../event-line.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { openManager } from '../open-manager.js';
import { createAdapter } from '../provider.js';
import { openStore, parseStoreUrl } from '../store-url.js';

const OPTIONS = {
  after: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  json: { type: 'boolean' },
} as const;

/** How often `--follow` re-reads the store to see other processes' appends. */
const FOLLOW_POLL_MS = 200;

/**
 * `asm events <session> [--after N] [--follow] [--json]`: print a session's event log; with
 * `--follow`, keep printing new events (also those other processes store) until SIGINT/SIGTERM,
 * then exit 0.
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
  const spec = parseStoreUrl(stringFlag(args, 'store') ?? io.env.ASM_STORE, io.cwd);
  // Reading needs no provider: the manager gets the mock adapter, which never runs here.
  const cli = openManager(
    await openStore(spec),
    await createAdapter({ provider: 'mock', env: {} }),
  );
  const c = colors(useColor(io.stdout, io.env));
  const print = args.values.json
    ? (event: object) => io.stdout.write(`${JSON.stringify(event)}\n`)
    : (event: Parameters<typeof eventLine>[0]) => io.stdout.write(eventLine(event, c));
  try {
    await cli.manager.getSession(sessionId);
    if (!args.values.follow) {
      for (const event of await cli.manager.getEvents(sessionId, { after })) print(event);
      return EXIT.ok;
    }
    const subscription = cli.manager.subscribe(sessionId, {
      after,
      pollIntervalMs: FOLLOW_POLL_MS,
    });
    const dispose = io.onSignal(() => subscription.close());
    // The subscription's poll timer does not hold the process open; following must.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      for await (const event of subscription) print(event);
    } finally {
      clearInterval(keepAlive);
      dispose();
      subscription.close();
    }
    return EXIT.ok;
  } finally {
    await cli.close();
  }
}
