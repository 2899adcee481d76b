import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ThreadEvent } from '@openai/codex-sdk';
import { describe, expect, it } from 'vitest';
import { expectCanonicalDataKeys } from '../../../test/support/canonical-keys.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import { codexFailureError } from './codex-errors.js';
import { CodexTurnTranslator } from './codex-translator.js';
import { codexRunUsage } from './codex-usage.js';

// Event streams recorded from the real codex binary (see fixtures/README.md).
const FIXTURES = join(import.meta.dirname, 'fixtures');

function recorded(name: string): { events: ThreadEvent[]; thrown: string | null } {
  const lines = readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8')
    .trim()
    .split('\n');
  const values = lines.map((line) => JSON.parse(line) as { type: string; message?: string });
  const last = values.at(-1);
  return {
    events: values.filter((v) => v.type !== '__thrown__') as unknown as ThreadEvent[],
    thrown: last?.type === '__thrown__' ? String(last.message) : null,
  };
}

function translateAll(name: string, scope: string | null = null) {
  const translator = new CodexTurnTranslator(scope);
  const { events: input, thrown } = recorded(name);
  const events: AdapterEvent[] = input.flatMap((event) => translator.translate(event));
  return { translator, events, thrown };
}

const types = (events: readonly AdapterEvent[]) => events.map((event) => event.type);

describe('CodexTurnTranslator on recorded streams', () => {
  it('text: the whole answer streams once and is received once', () => {
    const { translator, events } = translateAll('text');
    expect(types(events)).toEqual(['message_streamed', 'message_received']);
    expect(events[0]?.data).toEqual({ delta: 'Hello from the fake model.' });
    expect(events[1]?.data).toEqual({ role: 'assistant', content: 'Hello from the fake model.' });
    expect(translator.threadId).toBe('00000000-0000-7000-8000-000000000001');
    expect(translator.finalResponse).toBe('Hello from the fake model.');
    expect(translator.usage?.input_tokens).toBe(10);
  });

  it('reasoning: a provider extra on the answer, not in its text', () => {
    const { events } = translateAll('reasoning');
    const received = events.find((e) => e.type === 'message_received');
    expect(received?.data).toEqual({ role: 'assistant', content: 'Here is the answer.' });
    expect(received?.metadata?.reasoning).toBe('The user wants an answer.');
  });

  it('command: started with the command, completed with output and exit code, ids scoped to the run', () => {
    const { translator, events } = translateAll('command', 'run_1');
    expect(types(events)).toEqual([
      'tool_call_started',
      'tool_call_completed',
      'message_streamed',
      'message_received',
    ]);
    expect(events[0]?.data).toEqual({
      toolCallId: 'run_1:item_0',
      toolName: 'command_execution',
      toolInput: { command: "/bin/bash -lc 'echo hi'" },
    });
    expect(events[1]?.data).toEqual({
      toolCallId: 'run_1:item_0',
      toolName: 'command_execution',
      toolOutput: { output: 'hi\n', exitCode: 0 },
    });
    expect(translator.toolCalls).toHaveLength(1);
  });

  it('command-failed: a non-zero exit code fails the call, with the code and output', () => {
    const { events } = translateAll('command-failed');
    const failed = events.find((e) => e.type === 'tool_call_failed');
    expect(failed?.data).toEqual({
      toolCallId: 'item_0',
      toolName: 'command_execution',
      error: 'exit code 3: oops\n',
    });
  });

  it('file-change: tool events with the changed paths and kinds', () => {
    const { events } = translateAll('file-change');
    expect(types(events).slice(0, 2)).toEqual(['tool_call_started', 'tool_call_completed']);
    const changes = [{ path: '/tmp/asm-fixture/workspace/hello.txt', kind: 'add' }];
    expect(events[0]?.data).toMatchObject({ toolName: 'file_change', toolInput: { changes } });
    expect(events[1]?.data).toMatchObject({ toolOutput: { changes } });
  });

  it('every event has exactly the canonical data keys of its type', () => {
    expectCanonicalDataKeys(FIXTURES, 12, (name) => translateAll(name).events);
  });

  it.each([
    ['error-401', 'provider_authentication_failed', 401],
    ['error-429', 'provider_rate_limited', 429],
    ['error-500', 'provider_unavailable', null],
    ['error-503', 'provider_unavailable', 503],
    ['failed', 'provider_unavailable', null],
  ])('%s: a warning, then one failure %s', (name, code, status) => {
    const { translator, events, thrown } = translateAll(name);
    expect(types(events)).toEqual(['error_occurred']);
    expect(events[0]?.data).toMatchObject({ fatal: false });
    const error = codexFailureError({
      failure: translator.failure,
      warnings: translator.warnings,
      thrown: new Error(thrown ?? ''),
      threadId: translator.threadId,
    });
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ provider: 'codex', status });
    expect(String(error.details.stderr)).toMatch(/PATH aliases/);
    expect(error.details.stderr).not.toMatch(/^Codex Exec exited/);
  });

  it('a quota text without a status is provider_quota_exceeded; secrets are redacted', () => {
    const error = codexFailureError(
      {
        failure: 'Quota exceeded. Check your plan and billing details. key sk-SECRET-1',
        warnings: ['key sk-SECRET-1'],
        thrown: new Error('Codex Exec exited with code 1: sk-SECRET-1'),
        threadId: null,
      },
      (text) => text.replaceAll('sk-SECRET-1', '[redacted]'),
    );
    expect(error.code).toBe('provider_quota_exceeded');
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain('SECRET');
  });

  it('aborted: nothing is emitted', () => {
    const { events, thrown } = translateAll('aborted');
    expect(events).toEqual([]);
    expect(thrown).toMatch(/AbortError/);
  });
});

describe('codexRunUsage', () => {
  const usage = (input: number, output: number, cached = 0) => ({
    input_tokens: input,
    cached_input_tokens: cached,
    cache_write_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: 0,
  });

  it('reports the difference from the previous totals of the same thread', () => {
    const first = codexRunUsage(usage(10, 7), 't1', null);
    expect(first.tokenUsage).toMatchObject({ inputTokens: 10, outputTokens: 7 });
    const second = codexRunUsage(usage(30, 14, 5), 't1', first.state);
    expect(second.tokenUsage).toMatchObject({
      inputTokens: 20,
      outputTokens: 7,
      cacheReadInputTokens: 5,
    });
    expect(second.costUsd).toBeNull();
  });

  it('does not take the totals of another thread as a baseline', () => {
    const first = codexRunUsage(usage(50, 20), 't1', null);
    expect(codexRunUsage(usage(60, 30), 't2', first.state).tokenUsage).toMatchObject({
      inputTokens: 60,
      outputTokens: 30,
    });
  });
});
