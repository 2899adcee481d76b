import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { describe, expect, it } from 'vitest';
import { expectCanonicalDataKeys } from '../../../test/support/canonical-keys.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import { claudeFailureError } from './claude-errors.js';
import { ClaudeTurnTranslator } from './claude-translator.js';
import { runUsage } from './claude-usage.js';
import { ToolDecisions } from './tool-decisions.js';

// Message streams recorded from the real Claude Code CLI (see fixtures/README.md).
const FIXTURES = join(import.meta.dirname, 'fixtures');

function recorded(name: string): { messages: SDKMessage[]; thrown: string | null } {
  const lines = readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8')
    .trim()
    .split('\n');
  const values = lines.map((line) => JSON.parse(line) as { type: string; message?: string });
  const last = values.at(-1);
  const thrown = last?.type === '__thrown__' ? String(last.message) : null;
  return {
    messages: values.filter((v) => v.type !== '__thrown__') as unknown as SDKMessage[],
    thrown,
  };
}

function translateAll(name: string, decisions: ToolDecisions | null = null) {
  const translator = new ClaudeTurnTranslator(decisions);
  const { messages, thrown } = recorded(name);
  const events: AdapterEvent[] = [];
  for (const message of messages) events.push(...translator.translate(message));
  events.push(...translator.flush());
  return { translator, events, thrown };
}

const types = (events: readonly AdapterEvent[]) => events.map((event) => event.type);

describe('ClaudeTurnTranslator on recorded streams', () => {
  it('text: each text delta streams, the whole text is received once', () => {
    const { translator, events } = translateAll('text');
    expect(types(events)).toEqual([
      'message_streamed',
      'message_streamed',
      'message_streamed',
      'message_streamed',
      'message_received',
    ]);
    const deltas = events.flatMap((e) => (e.type === 'message_streamed' ? [e.data.delta] : []));
    expect(deltas.join('')).toBe('Hello from the fake model.');
    expect(events.at(-1)?.data).toEqual({
      role: 'assistant',
      content: 'Hello from the fake model.',
    });
    expect(translator.sessionId).toBe('00000000-0000-4000-8000-000000000001');
    expect(translator.model).toBe('claude-opus-5-5');
    expect(translator.result?.subtype).toBe('success');
  });

  it('thinking: kept out of the text and the deltas, given in metadata', () => {
    const { events } = translateAll('thinking');
    const received = events.filter((e) => e.type === 'message_received');
    expect(received).toHaveLength(1);
    expect(received[0]?.data).toEqual({ role: 'assistant', content: 'Here is the answer.' });
    expect(received[0]?.metadata?.thinking).toBe('The user wants an answer.');
    const streamed = events.flatMap((e) => (e.type === 'message_streamed' ? [e.data.delta] : []));
    expect(streamed.join('')).toBe('Here is the answer.');
  });

  it('bash-tool: tool_use starts a call, its tool_result completes it, then the answer', () => {
    const { translator, events } = translateAll('bash-tool');
    expect(types(events)).toEqual([
      'tool_call_started',
      'tool_call_completed',
      'message_streamed',
      'message_received',
    ]);
    expect(events[0]?.data).toEqual({
      toolCallId: 'toolu_fake_1',
      toolName: 'Bash',
      toolInput: { command: 'echo hi', description: 'Print hi' },
    });
    expect(events[1]?.data).toEqual({
      toolCallId: 'toolu_fake_1',
      toolName: 'Bash',
      toolOutput: 'hi',
    });
    expect(translator.toolCalls).toEqual([
      {
        toolCallId: 'toolu_fake_1',
        toolName: 'Bash',
        toolInput: { command: 'echo hi', description: 'Print hi' },
      },
    ]);
  });

  it('permission-denied: the call fails with the reason the CLI gave', () => {
    const { events } = translateAll('permission-denied');
    const failed = events.find((e) => e.type === 'tool_call_failed');
    expect(failed?.data).toMatchObject({ toolCallId: 'toolu_fake_1', toolName: 'Bash' });
    expect(failed?.type === 'tool_call_failed' && failed.data.error).toMatch(/needs approval/);
    expect(types(events)).not.toContain('tool_call_completed');
  });

  it('records the canUseTool decision on the tool event', async () => {
    const decisions = new ToolDecisions();
    const canUseTool = decisions.wrap(async () => ({ behavior: 'deny', message: 'not here' }));
    await canUseTool(
      'Bash',
      { command: 'touch x' },
      {
        signal: new AbortController().signal,
        toolUseID: 'toolu_fake_1',
        requestId: 'r1',
      },
    );
    const { events } = translateAll('permission-denied', decisions);
    const failed = events.find((e) => e.type === 'tool_call_failed');
    expect(failed?.metadata?.permission).toEqual({
      toolName: 'Bash',
      input: { command: 'touch x' },
      behavior: 'deny',
      message: 'not here',
    });
  });

  it('every event has exactly the canonical data keys of its type', () => {
    expectCanonicalDataKeys(FIXTURES, 10, (name) => translateAll(name).events);
  });

  it.each([
    ['error-401', 'provider_authentication_failed', 401],
    ['error-429', 'provider_rate_limited', 429],
    ['error-500', 'provider_unavailable', 500],
    ['error-529', 'provider_unavailable', 529],
  ])('%s: no message events, one failure %s with the status', (name, code, status) => {
    const { translator, events, thrown } = translateAll(name);
    expect(events).toEqual([]);
    expect(thrown).not.toBeNull();
    const error = claudeFailureError({
      result: translator.result,
      apiError: translator.apiError,
      thrown: new Error(thrown ?? ''),
      stderr: '',
      sessionId: translator.sessionId,
    });
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ provider: 'claude', status, subtype: 'success' });
    expect(error.message).toContain(String(status));
  });

  it('max-turns: provider_error saying the limit was reached', () => {
    const { translator } = translateAll('max-turns');
    const error = claudeFailureError({
      result: translator.result,
      apiError: translator.apiError,
      stderr: 'tail of stderr',
      sessionId: translator.sessionId,
    });
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/maxTurns/);
    expect(error.details).toMatchObject({ subtype: 'error_max_turns', stderr: 'tail of stderr' });
  });

  it('redacts secrets from the message and details', () => {
    const { translator } = translateAll('error-401');
    const error = claudeFailureError(
      {
        result: translator.result,
        apiError: { kind: 'authentication_failed', text: 'key sk-ant-SECRET-123 refused' },
        thrown: new Error('boom sk-ant-SECRET-123'),
        stderr: '',
        sessionId: null,
      },
      (text) => text.replaceAll('sk-ant-SECRET-123', '[redacted]'),
    );
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain('SECRET');
  });
});

describe('runUsage', () => {
  const result = (cost: number, input: number, output: number) =>
    ({
      ...recorded('text').messages.find((m) => m.type === 'result'),
      total_cost_usd: cost,
      modelUsage: {
        'claude-opus-5-5': {
          inputTokens: input,
          outputTokens: output,
          cacheReadInputTokens: 4,
          cacheCreationInputTokens: 2,
          webSearchRequests: 0,
          costUSD: cost,
          contextWindow: 0,
          maxOutputTokens: 0,
        },
      },
    }) as unknown as Extract<SDKMessage, { type: 'result' }>;

  it('reports the difference from the totals of the previous run of the same Claude session', () => {
    const first = runUsage(result(0.01, 10, 5), 'c1', null);
    expect(first.costUsd).toBe(0.01);
    const second = runUsage(result(0.03, 25, 12), 'c1', first.state);
    expect(second.costUsd).toBe(0.02);
    expect(second.tokenUsage).toMatchObject({ inputTokens: 15, outputTokens: 7 });
    expect(second.tokenUsage.cacheReadInputTokens).toBe(0);
  });

  it('does not take the totals of another Claude session as a baseline', () => {
    const first = runUsage(result(0.05, 50, 20), 'c1', null);
    const other = runUsage(result(0.06, 60, 30), 'c2', first.state);
    expect(other.costUsd).toBe(0.06);
    expect(other.tokenUsage).toMatchObject({
      inputTokens: 60,
      outputTokens: 30,
      cacheReadInputTokens: 4,
    });
  });
});
