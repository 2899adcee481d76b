/** Token counts of one scripted model reply (Anthropic names); missing fields get small defaults. */
export interface FakeClaudeUsage {
  readonly input_tokens?: number;
  readonly output_tokens?: number;
  readonly cache_creation_input_tokens?: number;
  readonly cache_read_input_tokens?: number;
}

/** A text answer, streamed in deltas when partial messages were requested. */
export interface FakeClaudeTextTurn {
  readonly text: string;
  /** Exactly these deltas (default: the text split after each space). */
  readonly chunks?: readonly string[];
  /** Wait this long before each delta (default 0). An interrupt ends the wait at once. */
  readonly delayMs?: number;
  /** A thinking block sent before the text. */
  readonly thinking?: string;
  readonly usage?: FakeClaudeUsage;
  /** This turn's cost (default: computed from the usage at Sonnet list prices). */
  readonly costUsd?: number;
}

/** A tool call: permission asked over stdio when the SDK has `canUseTool`, then its result, then `text`. */
export interface FakeClaudeToolTurn {
  readonly toolUse: {
    readonly name: string;
    readonly input: Readonly<Record<string, unknown>>;
    /** What the tool "returns" when it runs. */
    readonly output: string;
    /** The tool fails (`is_error: true` on its tool_result). */
    readonly isError?: boolean;
  };
  /** The answer after the tool result (default `Done.`). */
  readonly text?: string;
}

/** The model API answers with an HTTP error: an assistant message with `error`, an error result, exit code 1. */
export interface FakeClaudeErrorTurn {
  readonly error: { readonly status: number; readonly message?: string };
}

/** Send `message_start`, then nothing more until interrupted or killed (a stalled model API). */
export interface FakeClaudeHangTurn {
  readonly hang: true;
}

/** Write a line to stderr and exit with code 1 in the middle of the turn. */
export interface FakeClaudeCrashTurn {
  readonly crash: true;
  /** What to write to stderr instead of the default line. */
  readonly stderr?: string;
}

/** What the fake Claude executable does for one user message. */
export type FakeClaudeTurn =
  | FakeClaudeTextTurn
  | FakeClaudeToolTurn
  | FakeClaudeErrorTurn
  | FakeClaudeHangTurn
  | FakeClaudeCrashTurn;

/**
 * The scenario of one fake Claude process: `turns[i]` answers the i-th user message of the process,
 * the last one answers every later message; with no turns each message gets
 * `Echo: <user text> (history: N)`, N being the messages the session held before it.
 */
export interface FakeClaudeScript {
  readonly turns: readonly FakeClaudeTurn[];
  /** The model reported when the SDK passes no `--model` (default `claude-sonnet-4-5`). */
  readonly model?: string;
  /** The session id of a new session (default: `--session-id`, else a random UUID). */
  readonly sessionId?: string;
}
