/** Token counts of one scripted turn (Codex names); missing fields get small defaults. */
export interface FakeCodexUsage {
  readonly input_tokens?: number;
  readonly cached_input_tokens?: number;
  readonly cache_write_input_tokens?: number;
  readonly output_tokens?: number;
  readonly reasoning_output_tokens?: number;
}

/** An answer: an optional `reasoning` item, then one `agent_message` item. */
export interface FakeCodexTextTurn {
  readonly text: string;
  readonly reasoning?: string;
  /** This turn's tokens; `turn.completed.usage` reports the thread's running totals. */
  readonly usage?: FakeCodexUsage;
  /** Wait this long before the answer (default 0). */
  readonly delayMs?: number;
}

/** A shell command the "model" ran: `command_execution` started and completed, then `text`. */
export interface FakeCodexCommandTurn {
  readonly command: {
    /** The command line; reported as `/bin/bash -lc '<command>'` like the real CLI. */
    readonly command: string;
    /** The command's combined stdout and stderr (it is not run). */
    readonly output: string;
    /** Default 0; any other code gives `status: 'failed'`. */
    readonly exitCode?: number;
  };
  readonly text?: string;
  readonly usage?: FakeCodexUsage;
}

/** An `apply_patch` edit, really made in the working directory (`--cd`): `file_change`, then `text`. */
export interface FakeCodexFileChangeTurn {
  readonly fileChange: {
    /** Relative to the working directory, or absolute. */
    readonly path: string;
    readonly kind: 'add' | 'update' | 'delete';
    /** What `add` writes, or `update` appends (default a short line). */
    readonly content?: string;
  };
  readonly text?: string;
  readonly usage?: FakeCodexUsage;
}

/** A `todo_list` item started before the answer and completed when the turn ends. */
export interface FakeCodexTodoTurn {
  readonly todo: readonly { readonly text: string; readonly completed: boolean }[];
  readonly text?: string;
  readonly usage?: FakeCodexUsage;
}

/** A non-fatal warning, then the answer: a top-level `error` event, or an `error` item with `asItem`. */
export interface FakeCodexWarningTurn {
  readonly warning: string;
  /** Report it as an `error` item, as the real CLI does for an unknown model slug. */
  readonly asItem?: boolean;
  readonly text?: string;
  readonly usage?: FakeCodexUsage;
}

/**
 * The model API answers with an HTTP error: an `error` event and `turn.failed` carrying the real
 * CLI's text for that status, then exit code 1.
 */
export interface FakeCodexErrorTurn {
  readonly error: {
    readonly status: number;
    /** The API's error message, where the real CLI quotes it (401, 403, 404, 5xx but 500, 400). */
    readonly message?: string;
    /**
     * The `x-request-id` the API answered with, which the real CLI appends as `, request id: …`
     * to every text but the 500 and 400 ones (default a random `req_…`; `null`: no header).
     */
    readonly requestId?: string | null;
  };
}

/** `turn.started`, then nothing until killed; a child `sleep` stands for a running command. */
export interface FakeCodexHangTurn {
  readonly hang: true;
}

/** Write to stderr and exit in the middle of the turn. */
export interface FakeCodexCrashTurn {
  readonly crash: true;
  /** What to write to stderr instead of the default panic line. */
  readonly stderr?: string;
  /** Default 1. */
  readonly exitCode?: number;
}

/** What the fake codex executable does for one turn of a thread. */
export type FakeCodexTurn =
  | FakeCodexTextTurn
  | FakeCodexCommandTurn
  | FakeCodexFileChangeTurn
  | FakeCodexTodoTurn
  | FakeCodexWarningTurn
  | FakeCodexErrorTurn
  | FakeCodexHangTurn
  | FakeCodexCrashTurn;

/**
 * The scenario: `turns[i]` answers the i-th turn of a thread (counted in its rollout file, so a
 * resumed thread continues the list), the last one answers every later turn; with no turns each
 * prompt gets `Echo: <prompt> (history: N)`, N being the user turns the thread held before it.
 */
export interface FakeCodexScript {
  readonly turns: readonly FakeCodexTurn[];
}
