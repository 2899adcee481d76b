import { parseCommandArgs, parseDuration, stringFlag } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { readPrompt } from '../prompt-input.js';
import { executePrompt } from '../run-session.js';

const OPTIONS = {
  session: { type: 'string' },
  provider: { type: 'string' },
  model: { type: 'string' },
  system: { type: 'string' },
  agent: { type: 'string' },
  timeout: { type: 'string' },
  file: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `asm run [prompt]`: start a session (or continue `--session`) and run the prompt.
 *
 * @example
 * ```ts
 * await runCommand(['Hello', '--json'], io); // 0 when the run completed
 * ```
 */
export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('run', argv, OPTIONS, 1);
  if (args.values.help) {
    io.stdout.write(helpText('run'));
    return EXIT.ok;
  }
  const sessionId = stringFlag(args, 'session');
  if (sessionId !== undefined) {
    for (const flag of ['system', 'agent']) {
      if (args.values[flag] !== undefined) {
        throw usageError(`--${flag} applies to a new session only, not with --session`);
      }
    }
  }
  const timeoutMs = parseDuration(stringFlag(args, 'timeout'), 'timeout');
  const prompt = await readPrompt(args.positionals[0], stringFlag(args, 'file'), io);
  if (prompt === null) {
    throw usageError('missing prompt: give it as an argument or on stdin (see asm run --help)');
  }
  return executePrompt(io, args, {
    prompt,
    sessionId,
    system: stringFlag(args, 'system'),
    agentId: stringFlag(args, 'agent') ?? 'cli',
    timeoutMs,
  });
}
