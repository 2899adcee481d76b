import { parseCommandArgs, parseDuration, stringFlag } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { readPrompt } from '../prompt-input.js';
import { executePrompt } from '../run-session.js';

const OPTIONS = {
  provider: { type: 'string' },
  model: { type: 'string' },
  timeout: { type: 'string' },
  file: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `asm resume <session> [prompt]`: run a new prompt in an existing session (a paused session is
 * resumed first).
 *
 * @example
 * ```ts
 * await resumeCommand(['ses_0190…', 'Now add tests'], io); // 0 when the run completed
 * ```
 */
export async function resumeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('resume', argv, OPTIONS, 2);
  if (args.values.help) {
    io.stdout.write(helpText('resume'));
    return EXIT.ok;
  }
  const [sessionId, argument] = args.positionals;
  if (sessionId === undefined) throw usageError('missing <session> (see asm resume --help)');
  const timeoutMs = parseDuration(stringFlag(args, 'timeout'), 'timeout');
  const prompt = await readPrompt(argument, stringFlag(args, 'file'), io);
  if (prompt === null) {
    throw usageError('missing prompt: give it as an argument or on stdin (see asm resume --help)');
  }
  return executePrompt(io, args, { prompt, sessionId, timeoutMs, resumePaused: true });
}
