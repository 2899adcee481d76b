import { isErrorCode } from './error-codes.js';
import { TokenUsage } from './token-usage.js';
import {
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  invalid,
  jsonData,
  MAX_TEXT_LENGTH,
} from './validate.js';

/** One message of a structured run input. */
export interface InputMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: string;
}

/** What a run asks: a prompt, or a list of messages. */
export type RunInput = string | { readonly messages: readonly InputMessage[] };

/** What a run produced. */
export interface RunOutput {
  readonly content: string;
  readonly stopReason: string | null;
  readonly toolCalls: readonly { toolCallId: string; toolName: string; toolInput: unknown }[];
}

/** Why a run failed: an error code of the taxonomy and a message. */
export interface RunError {
  readonly code: string;
  readonly message: string;
}

const ROLES = ['user', 'assistant', 'system'] as const;

/** Validate and freeze a run input. */
export function runInputOf(value: unknown, field = 'run.input'): RunInput {
  if (typeof value === 'string') return expectString(value, field, MAX_TEXT_LENGTH);
  const obj = expectObject(value, field);
  if (!Array.isArray(obj.messages) || obj.messages.length === 0) {
    invalid(`${field}.messages`, 'must be a non-empty array');
  }
  const messages = obj.messages.map((m: unknown, i: number) => {
    const msg = expectObject(m, `${field}.messages[${i}]`);
    return Object.freeze({
      role: expectOneOf(msg.role, ROLES, `${field}.messages[${i}].role`),
      content: expectString(msg.content, `${field}.messages[${i}].content`, MAX_TEXT_LENGTH),
    });
  });
  return Object.freeze({ messages: Object.freeze(messages) });
}

/** The text of a run input (messages joined by blank lines). */
export function inputText(input: RunInput): string {
  return typeof input === 'string' ? input : input.messages.map((m) => m.content).join('\n\n');
}

/** Validate and freeze a run output. */
export function runOutputOf(value: unknown, field = 'run.output'): RunOutput | null {
  if (value === null || value === undefined) return null;
  const obj = expectObject(value, field);
  if (typeof obj.content !== 'string') invalid(`${field}.content`, 'must be a string');
  if (obj.content.length > MAX_TEXT_LENGTH) invalid(`${field}.content`, 'is too long');
  const calls = obj.toolCalls ?? [];
  if (!Array.isArray(calls)) invalid(`${field}.toolCalls`, 'must be an array');
  const toolCalls = calls.map((c: unknown, i: number) => {
    const call = expectObject(c, `${field}.toolCalls[${i}]`);
    return Object.freeze({
      toolCallId: expectString(call.toolCallId, `${field}.toolCalls[${i}].toolCallId`),
      toolName: expectString(call.toolName, `${field}.toolCalls[${i}].toolName`),
      toolInput: jsonData(call.toolInput ?? {}, `${field}.toolCalls[${i}].toolInput`),
    });
  });
  return Object.freeze({
    content: obj.content,
    stopReason: expectOptionalString(obj.stopReason, `${field}.stopReason`),
    toolCalls: Object.freeze(toolCalls),
  });
}

/** Validate and freeze a run error. */
export function runErrorOf(value: unknown, field = 'run.error'): RunError | null {
  if (value === null || value === undefined) return null;
  const obj = expectObject(value, field);
  if (!isErrorCode(obj.code)) invalid(`${field}.code`, 'must be a known error code');
  if (typeof obj.message !== 'string') invalid(`${field}.message`, 'must be a string');
  return Object.freeze({ code: obj.code, message: obj.message.slice(0, MAX_TEXT_LENGTH) });
}

/** Validate a token usage field. */
export function usageOf(value: unknown, field: string): TokenUsage {
  if (value === undefined) return TokenUsage.zero;
  return TokenUsage.create(expectObject(value, field) as Partial<TokenUsage>, field);
}
