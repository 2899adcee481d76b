import type { SessionEvent } from '../core/session-event.js';
import { type Colors, colors, useColor } from './colors.js';
import { describeEvent } from './event-line.js';
import type { CliIo } from './io.js';
import { type Spinner, startSpinner } from './spinner.js';
import { visible } from './terminal-text.js';

type Data = Readonly<Record<string, unknown>>;

/**
 * Shows a run as its events are stored. Text mode: streamed text on stdout as it arrives, tool calls
 * and lifecycle lines on stderr, a spinner on stderr (terminal only) until the first token. JSON
 * mode: each stored event as one JSON line on stdout, nothing else.
 *
 * @example
 * ```ts
 * const renderer = new RunRenderer(io, { json: false, runId: run.id });
 * for await (const event of subscription) renderer.event(event);
 * renderer.finish();
 * ```
 */
export class RunRenderer {
  readonly #io: CliIo;
  readonly #json: boolean;
  readonly #runId: string;
  readonly #err: Colors;
  #spinner: Spinner | null = null;
  /** Between `startSpinner()` and the first text or the run's end. */
  #waiting = false;
  #streamed = false;
  #atLineStart = true;

  constructor(io: CliIo, options: { json: boolean; runId: string }) {
    this.#io = io;
    this.#json = options.json;
    this.#runId = options.runId;
    this.#err = colors(useColor(io.stderr, io.env));
  }

  /** Show the spinner until the first token (stderr on a terminal, text mode only). */
  startSpinner(): void {
    if (this.#json) return;
    this.#waiting = true;
    this.#showSpinner();
  }

  #showSpinner(): void {
    this.#spinner = startSpinner(this.#io.stderr, 'Thinking…', this.#io.stderr.isTTY === true);
  }

  event(event: SessionEvent): void {
    if (this.#json) {
      this.#io.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    const d = event.data as Data;
    const c = this.#err;
    switch (event.type) {
      case 'message_streamed':
        this.#text(String(d.delta ?? ''));
        this.#streamed = true;
        return;
      case 'message_received':
        if (event.runId === this.#runId && !this.#streamed) this.#text(String(d.content ?? ''));
        return;
      case 'message_sent':
      case 'token_usage_updated':
      case 'turn_completed':
        return;
      case 'session_created':
        this.#line(c.dim(`● new session ${event.sessionId}`));
        return;
      case 'run_started':
        this.#line(c.dim(`▸ run ${event.runId} · ${describeEvent(event)}`));
        return;
      case 'tool_call_started':
        this.#line(c.magenta(`⚙ ${describeEvent(event)}`));
        return;
      case 'tool_call_completed':
        this.#line(c.dim(`  ✓ ${describeEvent(event)}`));
        return;
      case 'tool_call_failed':
      case 'error_occurred':
        this.#line(c.red(`  ✗ ${describeEvent(event)}`));
        return;
      case 'run_completed':
      case 'run_failed':
      case 'run_cancelled':
      case 'run_timeout':
        this.finish();
        return;
      default:
        return;
    }
  }

  /** The run is being stopped from outside (Ctrl-C): clear the spinner and draw it no more. */
  interrupted(): void {
    this.#waiting = false;
    this.#stopSpinner();
  }

  /** Stop the spinner and end the streamed text with a newline. Idempotent. */
  finish(): void {
    this.#waiting = false;
    this.#stopSpinner();
    if (!this.#atLineStart) {
      this.#io.stdout.write('\n');
      this.#atLineStart = true;
    }
  }

  #stopSpinner(): void {
    this.#spinner?.stop();
    this.#spinner = null;
  }

  #text(text: string): void {
    if (text === '') return;
    this.#waiting = false;
    this.#stopSpinner();
    this.#io.stdout.write(visible(text));
    this.#atLineStart = text.endsWith('\n');
  }

  #line(text: string): void {
    this.#stopSpinner();
    // Keep stderr lines off the end of a partly written line of text on a shared terminal.
    if (!this.#atLineStart && this.#io.stdout.isTTY && this.#io.stderr.isTTY) {
      this.#io.stdout.write('\n');
      this.#atLineStart = true;
    }
    this.#io.stderr.write(`${text}\n`);
    if (this.#waiting) this.#showSpinner();
  }
}
