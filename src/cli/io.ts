/** A writable text stream as the CLI sees it (`process.stdout`, `process.stderr`, or a test double). */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A readable stream for the prompt (`process.stdin`, or a test double). */
export interface CliInput extends AsyncIterable<string | Buffer> {
  readonly isTTY?: boolean;
}

/**
 * Everything a command touches outside itself, so commands run the same under `bin.ts` and in tests.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin,
 *   env: process.env, cwd: process.cwd(), onSignal: processSignals,
 *   exit: (code) => process.exit(code) };
 * ```
 */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: CliInput;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Call `handler` on each SIGINT/SIGTERM until the returned function is called. */
  readonly onSignal: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
  /** End the process now with this code (a second Ctrl-C). */
  readonly exit: (code: number) => void;
}

/** `onSignal` over the real process signals. */
export function processSignals(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void {
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
