import type {
  AdapterEvent,
  AdapterExecuteRequest,
  AdapterResult,
  Capability,
  ProviderAdapter,
} from '../../src/index.js';

/** The shape of one turn of the conversation benchmark. */
export const PROMPT_CHARS = 150;
export const ANSWER_CHARS = 400;
export const STREAMED_CHUNKS = 16;
export const PROVIDER = 'scripted';

const USAGE = Object.freeze({
  inputTokens: Math.ceil(PROMPT_CHARS / 4),
  outputTokens: Math.ceil(ANSWER_CHARS / 4),
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  totalTokens: Math.ceil(PROMPT_CHARS / 4) + Math.ceil(ANSWER_CHARS / 4),
});

/** Text of exactly `length` characters, different for every turn. */
function text(kind: string, turn: number, length: number): string {
  const head = `${kind} ${turn}: `;
  const filler = 'the quick brown fox jumps over the lazy dog while the build runs; ';
  return (head + filler.repeat(Math.ceil(length / filler.length))).slice(0, length);
}

/** The user's prompt of turn `turn` (1-based): `PROMPT_CHARS` characters. */
export function promptOf(turn: number): string {
  return text('prompt', turn, PROMPT_CHARS);
}

/** What the provider does in one turn: the answer, its tool call, and the events it emits. */
export interface TurnScript {
  readonly answer: string;
  readonly toolCall: { toolCallId: string; toolName: string; toolInput: { path: string } };
  /**
   * `STREAMED_CHUNKS` deltas of the `ANSWER_CHARS`-character answer, the answer, the tool call and
   * its result, and the usage. The manager adds `run_started`, `message_sent` and `run_completed`.
   */
  readonly events: readonly AdapterEvent[];
}

/** The provider's part of turn `turn` (1-based); the same for every call with the same turn. */
export function turnScript(turn: number): TurnScript {
  const answer = text('answer', turn, ANSWER_CHARS);
  const size = ANSWER_CHARS / STREAMED_CHUNKS;
  const events: AdapterEvent[] = [];
  for (let i = 0; i < STREAMED_CHUNKS; i++) {
    events.push({
      type: 'message_streamed',
      data: { delta: answer.slice(i * size, (i + 1) * size) },
    });
  }
  const toolCall = {
    toolCallId: `call_${turn}`,
    toolName: 'read_file',
    toolInput: { path: `src/module-${turn}.ts` },
  };
  const { toolCallId, toolName } = toolCall;
  events.push(
    { type: 'message_received', data: { role: 'assistant', content: answer } },
    { type: 'tool_call_started', data: toolCall },
    {
      type: 'tool_call_completed',
      data: { toolCallId, toolName, toolOutput: `export const turn = ${turn};` },
    },
    { type: 'token_usage_updated', data: { ...USAGE } },
  );
  return { answer, toolCall, events };
}

/** The usage a turn reports (also in its `token_usage_updated` event). */
export function usageOfTurn(): typeof USAGE {
  return USAGE;
}

/** The provider conversation id the scripted adapter reports for a session (native resume). */
export function providerSessionIdOf(sessionId: string): string {
  return `conv_${sessionId}`;
}

/**
 * A provider that emits exactly the events of `turnScript` for each turn, awaiting `emit`
 * when it asks for backpressure, and resumes natively (returns a `providerSessionId`), as the
 * Claude and Codex adapters do. With `needsTranscript` it also asks for the earlier turns, as an
 * adapter that replays the conversation would (it does not read them).
 */
export class ScriptedTurnAdapter implements ProviderAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = PROVIDER;
  readonly model = 'scripted-model';
  readonly needsTranscript: boolean;
  #turn = 0;

  constructor(options: { needsTranscript?: boolean } = {}) {
    this.needsTranscript = options.needsTranscript ?? false;
  }

  capabilities(): readonly Capability[] {
    return [];
  }

  async execute(request: AdapterExecuteRequest): Promise<AdapterResult> {
    const { answer, toolCall, events } = turnScript(++this.#turn);
    for (const event of events) {
      const pending = request.emit(event);
      if (pending !== undefined) await pending;
    }
    return {
      output: { content: answer, stopReason: 'end_turn', toolCalls: [toolCall] },
      tokenUsage: { ...USAGE },
      providerSessionId: providerSessionIdOf(request.session.id),
      model: this.model,
    };
  }
}
