import type { FakeHttpRequest } from '../http-fake/fake-http-request.js';

/** One HTTP request the fake Anthropic server received, as kept in its request log. */
export type FakeAnthropicRequest = FakeHttpRequest;

/** Token counts a reply reports; missing fields get small deterministic defaults. */
export interface FakeAnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** A text answer, optionally preceded by a thinking block, streamed in deltas. */
export interface FakeAnthropicTextReply {
  readonly text: string;
  /** Split the text into this many deltas, or send exactly these pieces (default 1 delta). */
  readonly chunks?: number | readonly string[];
  /** Wait this long between two deltas (default 0). */
  readonly delayMs?: number;
  /** A thinking block sent before the text. */
  readonly thinking?: string;
  readonly usage?: Partial<FakeAnthropicUsage>;
  /** The model named in the reply (default: the model of the request). */
  readonly model?: string;
}

/** A tool call (`stop_reason: 'tool_use'`), optionally after some text. */
export interface FakeAnthropicToolUseReply {
  readonly toolUse: {
    readonly name: string;
    readonly input: Readonly<Record<string, unknown>>;
    /** The tool_use id (default: a deterministic `toolu_fake_<n>`). */
    readonly id?: string;
  };
  readonly text?: string;
  readonly usage?: Partial<FakeAnthropicUsage>;
  readonly model?: string;
}

/** An HTTP error with Anthropic's JSON error body. */
export interface FakeAnthropicErrorReply {
  readonly error: {
    readonly status: number;
    /** Anthropic error type (default from the status: 401 `authentication_error`, 529 `overloaded_error`, …). */
    readonly type?: string;
    readonly message?: string;
  };
}

/** Send the headers and `message_start`, then nothing until the client goes away. */
export interface FakeAnthropicHangReply {
  readonly hang: true;
}

/** Destroy the socket in the middle of the stream (after `message_start` and one text delta). */
export interface FakeAnthropicDisconnectReply {
  readonly disconnect: true;
}

/** What the fake answers to one `POST /v1/messages`. A function decides per request. */
export type FakeAnthropicReply =
  | FakeAnthropicTextReply
  | FakeAnthropicToolUseReply
  | FakeAnthropicErrorReply
  | FakeAnthropicHangReply
  | FakeAnthropicDisconnectReply
  | ((request: FakeAnthropicRequest) => FakeAnthropicReply);

/** Options of `startFakeAnthropic`. */
export interface FakeAnthropicOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number;
  /** Answers a messages request when the queue is empty (default: `Done.` after a tool result, else `Echo: <last user text>`). */
  readonly defaultReply?: FakeAnthropicReply;
}

/** Options of `FakeAnthropic.env`. */
export interface FakeAnthropicEnvOptions {
  /** A temporary directory; `config`, `home` and `tmp` are created inside it. */
  readonly dir: string;
  /** Value of `ANTHROPIC_API_KEY` (default `sk-ant-fake`). */
  readonly apiKey?: string;
}

/** A running fake Anthropic Messages API on 127.0.0.1. */
export interface FakeAnthropic {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly FakeAnthropicRequest[];
  /** Messages requests only (`POST /v1/messages`), body parsed. */
  messageRequests(): readonly FakeAnthropicRequest[];
  /** Queue replies: each `POST /v1/messages` takes the next one; when the queue is empty the default reply answers. */
  enqueue(...replies: FakeAnthropicReply[]): void;
  /** The environment the Claude Code CLI needs to talk only to this server (creates the dirs). */
  env(options: FakeAnthropicEnvOptions): Record<string, string>;
  /** Stops the server and destroys open sockets (hanging streams included). */
  close(): Promise<void>;
}
