import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { usageError } from './cli-error.js';
import type { CliIo } from './io.js';

async function readStdin(io: CliIo): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin)
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}

/**
 * The prompt of `asm run` / `asm resume`: the argument, else the file of `--file`, else stdin when
 * it is not a terminal. Null when there is none; an unreadable file or an empty prompt is a usage
 * error.
 *
 * @example
 * ```ts
 * await readPrompt('Hello', undefined, io); // 'Hello'
 * ```
 */
export async function readPrompt(
  argument: string | undefined,
  file: string | undefined,
  io: CliIo,
): Promise<string | null> {
  let text: string;
  if (argument !== undefined) text = argument;
  else if (file !== undefined) {
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw usageError(`cannot read prompt file '${file}' (${code})`);
    }
  } else if (io.stdin.isTTY !== true) text = await readStdin(io);
  else return null;
  const prompt = text.replace(/\s+$/, '');
  if (prompt.trim() === '') throw usageError('the prompt is empty');
  return prompt;
}
