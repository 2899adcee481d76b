import { readFileSync } from 'node:fs';
import { EXIT, errorLine, exitCodeOf, usageError } from './cli-error.js';
import { COMMANDS, type CommandName, helpText } from './help.js';
import type { CliIo } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// Each command's module is loaded only when it runs, so `asm --help` loads none of them and
// `asm sessions` no manager or adapter.
const HANDLERS: Readonly<Record<CommandName, () => Promise<Command>>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  sessions: async () => (await import('./commands/sessions.js')).sessionsCommand,
  show: async () => (await import('./commands/show.js')).showCommand,
  events: async () => (await import('./commands/events.js')).eventsCommand,
  resume: async () => (await import('./commands/resume.js')).resumeCommand,
  cancel: async () => (await import('./commands/cancel.js')).cancelCommand,
  recover: async () => (await import('./commands/recover.js')).recoverCommand,
};

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** Move `--store <url>` / `--store=<url>` given before the command to after it. */
function hoistCommand(argv: readonly string[]): string[] {
  const rest = [...argv];
  const leading: string[] = [];
  while (rest[0]?.startsWith('--store')) {
    const flag = rest.shift() as string;
    leading.push(flag);
    if (flag === '--store' && rest.length > 0) leading.push(rest.shift() as string);
  }
  const command = rest.shift();
  return command === undefined ? leading : [command, ...leading, ...rest];
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = hoistCommand(argv);
  if (command === undefined) {
    io.stderr.write(helpText('main'));
    return EXIT.usage;
  }
  if (command === '--help' || command === '-h') {
    io.stdout.write(helpText('main'));
    return EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) {
      throw usageError(`unknown command '${topic}' (see asm --help)`);
    }
    io.stdout.write(helpText(topic ?? 'main'));
    return EXIT.ok;
  }
  if (command.startsWith('-')) throw usageError(`unknown option '${command}' (see asm --help)`);
  if (!isCommand(command)) throw usageError(`unknown command '${command}' (see asm --help)`);
  return (await HANDLERS[command]())(rest, io);
}

/**
 * Run `asm` with the arguments after the program name; resolves with the exit code. Errors become
 * one line on stderr (`asm: <message>`), never a stack trace (`ASM_DEBUG=1` prints it).
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), io);
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const code = await dispatch(argv, io);
    // The reader of stdout went away (`asm … | head -1`): stop quietly, as SIGPIPE would.
    return io.outputClosed?.() ? EXIT.outputClosed : code;
  } catch (error) {
    if (io.outputClosed?.()) return EXIT.outputClosed;
    io.stderr.write(errorLine(error, io.env.ASM_DEBUG === '1'));
    return exitCodeOf(error);
  }
}
