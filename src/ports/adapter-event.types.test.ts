import { describe, expectTypeOf, it } from 'vitest';
import type { TokenUsage } from '../core/token-usage.js';
import type { AdapterEvent, AdapterEventType, Emit } from './adapter-event.js';
import type { AdapterRunControl, RunControlHandlers } from './adapter-run-control.js';
import type { ProviderAdapter } from './provider-adapter.js';

// Checked by `npm run typecheck`: each `@ts-expect-error` line must fail to compile, every other
// line must compile. The runtime body only keeps vitest from reporting an empty file.

const usage: TokenUsage = {
  inputTokens: 1,
  outputTokens: 2,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  totalTokens: 3,
};

describe('AdapterEvent types', () => {
  it('narrow data by type', () => {
    expectTypeOf<AdapterEventType>().toEqualTypeOf<
      | 'message_sent'
      | 'message_received'
      | 'message_streamed'
      | 'tool_call_started'
      | 'tool_call_completed'
      | 'tool_call_failed'
      | 'error_occurred'
      | 'error_recovered'
      | 'token_usage_updated'
      | 'turn_completed'
    >();
    expectTypeOf<Extract<AdapterEvent, { type: 'message_streamed' }>['data']>().toEqualTypeOf<{
      readonly delta: string;
    }>();
    expectTypeOf<
      Extract<AdapterEvent, { type: 'tool_call_failed' }>['data']['error']
    >().toBeString();
    expectTypeOf<Emit>().returns.toEqualTypeOf<undefined | Promise<void>>();
    expectTypeOf<AdapterRunControl['register']>().parameter(0).toEqualTypeOf<RunControlHandlers>();
    expectTypeOf<keyof RunControlHandlers>().toEqualTypeOf<'interrupt' | 'pause' | 'resume'>();
    expectTypeOf<ProviderAdapter['specificationVersion']>().toEqualTypeOf<'v1'>();
  });

  it('compile for canonical pairs and fail for wrong ones', () => {
    /** Every canonical pair an adapter may emit compiles. */
    const valid: readonly AdapterEvent[] = [
      { type: 'message_sent', data: { role: 'user', content: 'hi' } },
      { type: 'message_streamed', data: { delta: 'He' } },
      { type: 'message_received', data: { role: 'assistant', content: 'Hello' } },
      {
        type: 'tool_call_started',
        data: { toolCallId: 'c1', toolName: 'read', toolInput: { p: 1 } },
      },
      {
        type: 'tool_call_completed',
        data: { toolCallId: 'c1', toolName: 'read', toolOutput: 'ok' },
      },
      { type: 'tool_call_failed', data: { toolCallId: 'c1', toolName: 'read', error: 'denied' } },
      { type: 'token_usage_updated', data: usage },
      {
        type: 'error_occurred',
        data: { errorCode: 'provider_error', errorMessage: 'x', fatal: false },
      },
      { type: 'error_recovered', data: { after: 'retry' } },
      { type: 'turn_completed', data: { turn: 1 } },
      { type: 'message_streamed', data: { delta: 'x' }, metadata: { providerItemId: 'item_1' } },
    ];

    /** Wrong payloads, lifecycle types and unknown types do not. */
    const invalid: readonly AdapterEvent[] = [
      // @ts-expect-error: message_streamed carries `delta`, not `text`
      { type: 'message_streamed', data: { text: 'He' } },
      // @ts-expect-error: delta is a string
      { type: 'message_streamed', data: { delta: 3 } },
      // @ts-expect-error: provider extras go in metadata, not beside the canonical keys
      { type: 'message_streamed', data: { delta: 'x', raw: {} } },
      // @ts-expect-error: message_received is the assistant's
      { type: 'message_received', data: { role: 'user', content: 'Hello' } },
      // @ts-expect-error: message_sent is the user's
      { type: 'message_sent', data: { role: 'assistant', content: 'hi' } },
      // @ts-expect-error: tool_call_started needs toolInput
      { type: 'tool_call_started', data: { toolCallId: 'c1', toolName: 'read' } },
      // @ts-expect-error: tool_call_completed needs toolOutput
      { type: 'tool_call_completed', data: { toolCallId: 'c1', toolName: 'read' } },
      // @ts-expect-error: tool_call_failed's error is a string
      {
        type: 'tool_call_failed',
        data: { toolCallId: 'c1', toolName: 'read', error: new Error() },
      },
      // @ts-expect-error: token_usage_updated carries every TokenUsage key
      { type: 'token_usage_updated', data: { inputTokens: 1 } },
      // @ts-expect-error: error_occurred needs `fatal`
      { type: 'error_occurred', data: { errorCode: 'provider_error', errorMessage: 'x' } },
      // @ts-expect-error: run_* events belong to the manager
      { type: 'run_completed', data: { stopReason: null, tokenUsage: usage, costUsd: null } },
      // @ts-expect-error: session_* events belong to the manager
      { type: 'session_started', data: {} },
      // @ts-expect-error: not an event type
      { type: 'message_deleted', data: {} },
      // @ts-expect-error: metadata is an object
      { type: 'message_streamed', data: { delta: 'x' }, metadata: 'extra' },
    ];

    /** The ProviderAdapter v1 shape: a version, no run-keyed control methods, no validateConfig. */
    const adapter: ProviderAdapter = {
      specificationVersion: 'v1',
      name: 'typed',
      capabilities: () => [],
      async execute({ emit, control }) {
        control.register({ interrupt: () => {} });
        // @ts-expect-error: control members are functions
        control.register({ pause: true });
        await emit({ type: 'message_streamed', data: { delta: 'x' } });
        return { output: { content: 'x', stopReason: 'end_turn', toolCalls: [] }, tokenUsage: {} };
      },
    };

    // @ts-expect-error: specificationVersion is required
    const unversioned: ProviderAdapter = {
      name: 'x',
      capabilities: () => [],
      execute: adapter.execute,
    };

    const future: ProviderAdapter = {
      ...adapter,
      // @ts-expect-error: only 'v1' is known
      specificationVersion: 'v2',
    };

    const runKeyed: ProviderAdapter = {
      ...adapter,
      // @ts-expect-error: interrupt is registered per run on request.control, not a method
      interrupt: async (_runId: string) => {},
    };
    expectTypeOf(valid).toEqualTypeOf<readonly AdapterEvent[]>();
    expectTypeOf(invalid).toEqualTypeOf<readonly AdapterEvent[]>();
    expectTypeOf([adapter, unversioned, future, runKeyed]).toEqualTypeOf<ProviderAdapter[]>();
  });
});
