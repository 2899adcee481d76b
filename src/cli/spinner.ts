import type { CliOutput } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\u001b[2K';

/** A spinner on one line of a terminal; `stop()` erases it. Idempotent. */
export interface Spinner {
  stop(): void;
}

/**
 * Show `label` with a spinning frame on `stream` until `stop()`. Draws nothing unless `enabled`
 * (the CLI enables it only when the stream is a terminal).
 *
 * @example
 * ```ts
 * const spinner = startSpinner(process.stderr, 'Thinking…', process.stderr.isTTY === true);
 * // … first token arrives
 * spinner.stop();
 * ```
 */
export function startSpinner(
  stream: CliOutput,
  label: string,
  enabled: boolean,
  intervalMs = 80,
): Spinner {
  if (!enabled) return { stop() {} };
  let frame = 0;
  const draw = () => {
    stream.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length]} ${label}`);
    frame++;
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}
