import type { FakeHttpRequest } from '../http-fake/fake-http-request.js';

/** One HTTP request the fake Responses server received, as kept in its request log. */
export type FakeResponsesRequest = FakeHttpRequest;

/**
 * Token counts a reply reports, named as the Codex SDK names them in `turn.completed.usage`;
 * missing fields get small deterministic defaults. On the wire they become the Responses API's
 * `input_tokens_details.cached_tokens` and `output_tokens_details.reasoning_tokens`.
 */
export interface FakeResponsesUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

/** An assistant message, optionally after a reasoning summary, its text streamed in deltas. */
export interface FakeResponsesTextReply {
  readonly text: string;
  /** Split the text into this many `response.output_text.delta` events, or send exactly these pieces (default 1). */
  readonly chunks?: number | readonly string[];
  /** Wait this long between two deltas (default 0). */
  readonly delayMs?: number;
  /** A reasoning item with this summary text, sent before the message. */
  readonly reasoning?: string;
  readonly usage?: Partial<FakeResponsesUsage>;
}

/**
 * A shell command the model asks to run, as a call of the shell tool the request declares
 * (`exec_command`, `shell_command` or `shell`). The real binary runs it and sends its output back.
 */
export interface FakeResponsesCommandReply {
  readonly command: string;
  /** An assistant message sent before the call. */
  readonly text?: string;
}

/**
 * An `apply_patch` call, e.g. `'*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch'`:
 * a custom (freeform) tool call, or a function call when the request declares it as a function.
 */
export interface FakeResponsesPatchReply {
  readonly patch: string;
  /** An assistant message sent before the call. */
  readonly text?: string;
}

/** An HTTP error with an OpenAI-style JSON body `{ error: { message, type, param, code } }`. */
export interface FakeResponsesErrorReply {
  readonly error: {
    readonly status: number;
    readonly message?: string;
    /** The `code` of the error body (default from the status, e.g. 401 `invalid_api_key`). */
    readonly code?: string;
  };
}

/** Status 200, `response.created`, then a `response.failed` event with this error. */
export interface FakeResponsesFailedReply {
  readonly failed: { readonly message: string; readonly code?: string };
}

/** Send the headers and `response.created`, then nothing until the client goes away. */
export interface FakeResponsesHangReply {
  readonly hang: true;
}

/** Destroy the socket in the middle of the stream (after a first text delta). */
export interface FakeResponsesDisconnectReply {
  readonly disconnect: true;
}

/** What the fake answers to one `POST /v1/responses`. A function decides per request. */
export type FakeResponsesReply =
  | FakeResponsesTextReply
  | FakeResponsesCommandReply
  | FakeResponsesPatchReply
  | FakeResponsesErrorReply
  | FakeResponsesFailedReply
  | FakeResponsesHangReply
  | FakeResponsesDisconnectReply
  | ((request: FakeResponsesRequest) => FakeResponsesReply);

/** Options of `startFakeResponses`. */
export interface FakeResponsesOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number;
  /** Answers a responses request when the queue is empty (default: `Done.` after a tool output, else `Echo: <last user text>`). */
  readonly defaultReply?: FakeResponsesReply;
}

/** Options of `FakeResponses.env`. */
export interface FakeResponsesEnvOptions {
  /** A temporary directory; `codex-home` and `home` are created inside it. */
  readonly dir: string;
  /** Value of `FAKE_KEY`, the provider's key variable (default `sk-fake`). */
  readonly apiKey?: string;
}

/** A value of Codex's `config.toml` (what `new Codex({ config })` accepts). */
export type FakeCodexConfigValue =
  | string
  | number
  | boolean
  | FakeCodexConfigValue[]
  | { [key: string]: FakeCodexConfigValue };

/** A running fake OpenAI Responses API on 127.0.0.1. */
export interface FakeResponses {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly FakeResponsesRequest[];
  /** `POST /v1/responses` requests only, body parsed. */
  responseRequests(): readonly FakeResponsesRequest[];
  /** Queue replies: each `POST /v1/responses` takes the next one; when the queue is empty the default reply answers. */
  enqueue(...replies: FakeResponsesReply[]): void;
  /**
   * The Codex `config` that points the CLI at this server only: a `fake` model provider with the
   * Responses wire API, key variable `FAKE_KEY` and no retries. Pass it as `new Codex({ config })`
   * or as the adapter's `config` option.
   */
  codexConfig(): { [key: string]: FakeCodexConfigValue };
  /** The whole child environment for the Codex CLI: `CODEX_HOME`, `HOME` (created), `FAKE_KEY`, `PATH`. */
  env(options: FakeResponsesEnvOptions): Record<string, string>;
  /** Stops the server and destroys open sockets (hanging streams included). */
  close(): Promise<void>;
}
