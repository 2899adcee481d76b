import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { AdapterExecuteRequest } from '../../ports/adapter-execution.js';
import { ABORTED, AbortRace } from '../kit/abort-race.js';
import { settledWithin } from '../kit/settle.js';
import { claudeFailureError } from './claude-errors.js';
import type { ClaudeTurnTranslator } from './claude-translator.js';
import type { CliProcess } from './cli-process.js';
import { missingExecutableError } from './sdk-loader.js';

/** Where one turn's messages come from: a one-shot query, or a warm session's open query. */
export interface TurnSource {
  next(): Promise<IteratorResult<SDKMessage, unknown>>;
  /** Ask the CLI to stop the turn (the SDK's `interrupt()`); never rejects. */
  interrupt(): Promise<void>;
}

/** How a turn ended when it did not fail. */
export interface TurnEnd {
  /** True when `interrupt` stopped it. */
  readonly interrupted: boolean;
  /** The text streamed so far (what an interrupted turn said). */
  readonly streamedText: string;
}

export interface TurnParams {
  readonly source: TurnSource;
  readonly translator: ClaudeTurnTranslator;
  readonly request: AdapterExecuteRequest;
  readonly process: CliProcess;
  readonly executable: string | undefined;
  readonly redact: (text: string) => string;
}

/** How long a failed turn waits for the CLI to exit, so its stderr is complete. */
const STDERR_WAIT_MS = 250;

function abortedError(request: AdapterExecuteRequest): AgentSessionError {
  return new AgentSessionError('cancelled', `Claude Code run ${request.run.id} was aborted`, {
    details: { runId: request.run.id },
  });
}

/**
 * Read one turn's messages up to its `result`, emitting their canonical events. Registers
 * `interrupt` on the run's control while it reads. Returns when the turn ended (its `result`, or
 * the source ending after an interrupt); throws `cancelled` at once when the run's signal aborts
 * (the caller ends the process), and the mapped provider error when the turn failed: an error
 * `result` and the SDK's throw after it are one failure.
 */
export async function runClaudeTurn(params: TurnParams): Promise<TurnEnd> {
  const { source, translator, request, process } = params;
  let interrupted = false;
  let streamedText = '';
  if (request.signal.aborted) throw abortedError(request);
  const race = new AbortRace(request.signal);
  request.control.register({
    interrupt: async () => {
      interrupted = true;
      await source.interrupt();
    },
  });
  const failWith = async (thrown: unknown): Promise<never> => {
    await settledWithin(process.whenExited(), STDERR_WAIT_MS);
    const missing = process.spawnError ?? thrown;
    const unavailable =
      missing === undefined ? null : missingExecutableError(missing, params.executable);
    if (unavailable !== null) throw unavailable;
    throw claudeFailureError(
      {
        result: translator.result,
        apiError: translator.apiError,
        thrown,
        stderr: process.redactedStderr(params.redact),
        sessionId: translator.sessionId,
      },
      params.redact,
    );
  };
  try {
    for (;;) {
      let step: IteratorResult<SDKMessage, unknown> | typeof ABORTED;
      try {
        step = await race.race(source.next());
      } catch (thrown) {
        if (request.signal.aborted) throw abortedError(request);
        if (interrupted) break;
        return await failWith(thrown);
      }
      if (step === ABORTED) throw abortedError(request);
      if (step.done === true) break;
      for (const event of translator.translate(step.value)) {
        if (request.signal.aborted) throw abortedError(request);
        if (event.type === 'message_streamed') streamedText += event.data.delta;
        const pending = request.emit(event);
        if (pending !== undefined && (await race.race(pending)) === ABORTED) {
          throw abortedError(request);
        }
      }
      if (step.value.type === 'result') break;
    }
  } finally {
    race.dispose();
  }
  if (request.signal.aborted) throw abortedError(request);
  const result = translator.result;
  if (interrupted) return { interrupted, streamedText };
  if (result === null) return await failWith(undefined);
  if (result.is_error || result.subtype !== 'success') return await failWith(undefined);
  return { interrupted, streamedText };
}
