import { AgentSessionError } from '../../core/agent-session-error.js';
import { Capability } from '../../core/capability.js';
import type { ToolCall } from '../../core/event-data.js';
import { inputText } from '../../core/run-parts.js';
import type { AdapterEvent, Emit } from '../../ports/adapter-event.js';
import type {
  AdapterExecuteRequest,
  AdapterResult,
  TranscriptMessage,
} from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { type MockAdapterOptions, type MockSettings, parseMockOptions } from './mock-options.js';
import { defaultReply, planStream, usageOf, userTurns } from './mock-script.js';
import { TurnControl } from './turn-control.js';

/** Conversations kept for native resume; the oldest is forgotten beyond this many. */
const MAX_REMEMBERED = 1000;

/**
 * A scripted, deterministic provider for tests, examples and benchmarks: streamed text in chunks
 * of whole graphemes, tool calls, token usage, latency, failures with any error code, a hang until
 * aborted, and (for testing the manager) a few ways to misbehave. It remembers each conversation by its
 * `providerSessionId` (`mock_<sessionId>`), so the answers show continuity across runs; without that
 * memory (a new adapter) it uses the transcript the manager passes. Same options and inputs give the
 * same events: no randomness, no clock in payloads. Each run registers `interrupt`, `pause` and
 * `resume` on its own `request.control`.
 *
 * @example
 * ```ts
 * const adapter = new MockAdapter({ reply: 'Hello!', chunkSize: 2, latencyMs: 5 });
 * const manager = new SessionManager({ adapter });
 * ```
 */
export class MockAdapter implements ProviderAdapter {
  readonly specificationVersion = 'v1';
  readonly name = 'mock';
  readonly model: string;
  readonly #settings: MockSettings;
  readonly #capabilities: readonly Capability[];
  readonly #memory = new Map<string, readonly TranscriptMessage[]>();

  constructor(options: MockAdapterOptions = {}) {
    this.#settings = parseMockOptions(options);
    this.model = this.#settings.model;
    const capabilities = [
      Capability.create({
        name: 'text_generation',
        type: 'sampling',
        description: 'Scripted answers, streamed as text deltas',
        config: { streaming: true },
      }),
    ];
    const seen = new Set(['text_generation']);
    for (const call of this.#settings.toolCalls) {
      if (seen.has(call.toolName)) continue;
      seen.add(call.toolName);
      capabilities.push(Capability.create({ name: call.toolName, type: 'tool' }));
    }
    this.#capabilities = Object.freeze(capabilities);
  }

  capabilities(): readonly Capability[] {
    return this.#capabilities;
  }

  async execute(request: AdapterExecuteRequest): Promise<AdapterResult> {
    const s = this.#settings;
    const control = new TurnControl(request.run.id, s.ignoreAbort ? null : request.signal);
    request.control.register({
      interrupt: () => control.interrupt(),
      pause: () => control.pause(),
      resume: () => control.resume(),
    });
    try {
      return await this.#turn(request, control);
    } finally {
      if (s.emitAfterFinish) {
        setTimeout(() => request.emit({ type: 'message_streamed', data: { delta: ' (late)' } }), 0);
      }
    }
  }

  async #turn(request: AdapterExecuteRequest, control: TurnControl): Promise<AdapterResult> {
    const s = this.#settings;
    const { run, session, emit } = request;
    control.checkAbort();
    const prompt = inputText(run.input);
    const providerSessionId = request.providerSessionId ?? `mock_${session.id}`;
    const transcript = this.#memory.get(providerSessionId) ?? request.transcript;
    const turn = userTurns(transcript) + 1;
    const reply = s.reply ?? defaultReply;
    const answer = typeof reply === 'string' ? reply : reply({ prompt, transcript, turn });
    if (typeof answer !== 'string') {
      throw new AgentSessionError('validation_error', 'reply function must return a string');
    }
    if (s.emitLifecycle) {
      await send(emit, control, {
        type: 'run_started',
        data: { provider: this.name, model: this.model, providerSessionId },
      } as unknown as AdapterEvent);
    }
    const toolCalls = await this.#toolCalls(emit, control, turn);
    const plan = planStream(answer, s);
    const failAt = s.failure ? s.failure.afterChunks : s.throwRaw ? 0 : -1;
    let streamed = 0;
    for (let i = 0; i < plan.count && !control.interrupted; i++) {
      if (i === failAt) this.#fail();
      if (s.latencyMs > 0 || control.paused) await control.step(s.latencyMs);
      else control.checkAbort();
      if (control.interrupted) break;
      const end = plan.end(i);
      const pending = emit({
        type: 'message_streamed',
        // Frozen: the manager can keep it as is instead of copying it.
        data: Object.freeze({ delta: plan.text.slice(streamed, end) }),
      });
      streamed = end;
      if (pending !== undefined) {
        await pending;
        control.checkAbort();
      }
    }
    if (failAt >= plan.count && !control.interrupted) this.#fail();
    if (s.hang && !control.interrupted) await control.hang();
    control.checkAbort();
    const stopReason = control.interrupted ? 'interrupted' : 'end_turn';
    const content = control.interrupted ? plan.text.slice(0, streamed) : plan.text;
    const tokenUsage = usageOf(prompt, transcript, content, s.usage);
    await send(emit, control, { type: 'message_received', data: { role: 'assistant', content } });
    await send(emit, control, { type: 'token_usage_updated', data: { ...tokenUsage } });
    await send(emit, control, { type: 'turn_completed', data: { turn } });
    if (s.emitLifecycle) {
      await send(emit, control, {
        type: 'run_completed',
        data: { stopReason, tokenUsage: { ...tokenUsage }, costUsd: s.costUsd },
      } as unknown as AdapterEvent);
    }
    control.checkAbort();
    this.#remember(providerSessionId, [
      ...transcript,
      { role: 'user', content: prompt },
      { role: 'assistant', content },
    ]);
    return {
      output: { content, stopReason, toolCalls },
      tokenUsage,
      costUsd: s.costUsd,
      providerSessionId,
      model: this.model,
      state: { turns: turn },
    };
  }

  async #toolCalls(emit: Emit, control: TurnControl, turn: number): Promise<ToolCall[]> {
    const s = this.#settings;
    const calls: ToolCall[] = [];
    for (let i = 0; i < s.toolCalls.length && !control.interrupted; i++) {
      const call = s.toolCalls[i];
      if (call === undefined) continue;
      const toolCallId = `mock_call_${turn}_${i + 1}`;
      const { toolName, toolInput } = call;
      await control.step(s.latencyMs);
      await send(emit, control, {
        type: 'tool_call_started',
        data: { toolCallId, toolName, toolInput },
      });
      calls.push({ toolCallId, toolName, toolInput });
      await control.step(s.latencyMs);
      await send(
        emit,
        control,
        call.fail === undefined
          ? {
              type: 'tool_call_completed',
              data: { toolCallId, toolName, toolOutput: call.toolOutput ?? null },
            }
          : { type: 'tool_call_failed', data: { toolCallId, toolName, error: call.fail } },
      );
    }
    return calls;
  }

  #fail(): never {
    const failure = this.#settings.failure;
    if (this.#settings.throwRaw) {
      throw new TypeError(failure ? failure.message : 'mock adapter raw failure');
    }
    if (failure === null)
      throw new AgentSessionError('internal_error', 'mock failure without code');
    throw new AgentSessionError(failure.code, failure.message, {
      details: { provider: this.name, scripted: true },
    });
  }

  #remember(providerSessionId: string, transcript: readonly TranscriptMessage[]): void {
    this.#memory.delete(providerSessionId);
    this.#memory.set(providerSessionId, Object.freeze(transcript));
    if (this.#memory.size > MAX_REMEMBERED) {
      const oldest = this.#memory.keys().next().value;
      if (oldest !== undefined) this.#memory.delete(oldest);
    }
  }
}

/**
 * Emit one event unless the run was aborted (an abort may come from inside the previous `emit`);
 * when the manager applies backpressure, wait, then stop if aborted meanwhile.
 */
async function send(emit: Emit, control: TurnControl, event: AdapterEvent): Promise<void> {
  control.checkAbort();
  const pending = emit(event);
  if (pending !== undefined) {
    await pending;
    control.checkAbort();
  }
}
