/** A writable text stream as the CLI sees it (`process.stdout`, `process.stderr`, or a test double). */
export interface CliOutput {
  /** Returns false when the stream's buffer is full (wait for `'drain'` before writing much more). */
  write(text: string): unknown;
  readonly isTTY?: boolean;
  once?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/** A readable stream for the prompt (`process.stdin`, or a test double). */
export interface CliInput extends AsyncIterable<string | Buffer> {
  readonly isTTY?: boolean;
}

/** Why a run in progress is being stopped from outside. */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'EPIPE';

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
  /**
   * Call `handler` on each SIGINT/SIGTERM, and with `'EPIPE'` when the reader of stdout went away,
   * until the returned function is called.
   */
  readonly onSignal: (handler: (signal: StopCause) => void) => () => void;
  /** End the process now with this code (a second Ctrl-C). */
  readonly exit: (code: number) => void;
  /** Whether the reader of stdout went away (a pipe closed early, e.g. `asm … | head -1`). */
  readonly outputClosed?: () => boolean;
}

/**
 * Watch a real stdout for a reader that closed early (EPIPE): from then on writes are dropped, not
 * thrown, and `closed()` says so. Stderr write errors are ignored (nothing is left to tell).
 *
 * @example
 * ```ts
 * const out = watchOutput(process.stdout, process.stderr);
 * out.closed(); // true once `asm … | head -1` has read its line
 * ```
 */
export function watchOutput(
  stdout: NodeJS.WriteStream,
  stderr: NodeJS.WriteStream,
): { closed(): boolean; onClosed(listener: () => void): () => void } {
  let closed = false;
  const listeners = new Set<() => void>();
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code !== 'EPIPE' && process.env.ASM_DEBUG === '1') {
      stderr.write(`asm: stdout failed: ${error.message}\n`);
    }
    for (const listener of [...listeners]) listener();
  });
  stderr.on('error', () => undefined);
  return {
    closed: () => closed,
    onClosed(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** `onSignal` over the real process signals, plus a closed stdout from `watchOutput`. */
export function processSignals(
  output?: ReturnType<typeof watchOutput>,
): (handler: (signal: StopCause) => void) => () => void {
  return (handler) => {
    const onInt = () => handler('SIGINT');
    const onTerm = () => handler('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const offClosed = output?.onClosed(() => handler('EPIPE'));
    return () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      offClosed?.();
    };
  };
}

/**
 * Write `text` and, when the stream's buffer is full, wait until it drains (or closes), so a long
 * listing into a slow pipe keeps memory bounded.
 */
export async function writeAll(out: CliOutput, text: string): Promise<void> {
  if (out.write(text) !== false || out.once === undefined) return;
  // A destroyed stream (its reader went away) emits neither 'drain' nor 'close' again.
  if ((out as { destroyed?: boolean }).destroyed === true) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off?.('drain', done);
      out.off?.('close', done);
      out.off?.('error', done);
      resolve();
    };
    out.once?.('drain', done);
    out.once?.('close', done);
    out.once?.('error', done);
  });
}
