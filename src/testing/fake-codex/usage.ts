import type { FakeCodexUsage } from './fake-codex-script.js';

/** `turn.completed.usage` as the CLI prints it (the SDK adds `cache_write_input_tokens` if missing). */
export interface CodexUsage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

export function zeroUsage(): CodexUsage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
  };
}

/** One turn's tokens: the script's, else a small count derived from the prompt and the answer. */
export function turnUsage(
  given: FakeCodexUsage | undefined,
  prompt: string,
  answer: string,
): CodexUsage {
  return {
    input_tokens: given?.input_tokens ?? 10 + Math.ceil(prompt.length / 4),
    cached_input_tokens: given?.cached_input_tokens ?? 0,
    cache_write_input_tokens: given?.cache_write_input_tokens ?? 0,
    output_tokens: given?.output_tokens ?? 1 + Math.ceil(answer.length / 4),
    reasoning_output_tokens: given?.reasoning_output_tokens ?? 0,
  };
}
