import type { TranscriptMessage } from '../../ports/adapter-execution.js';

/**
 * The prompt that continues a conversation in a new provider session: the earlier turns, then the
 * new input. Adapters use it when the provider's own session cannot be resumed (its file is
 * nowhere, or the session switched providers).
 *
 * @example
 * ```ts
 * replayPrompt([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }], 'And?');
 * // '…<earlier_conversation>\nUser: Hi\n\nAssistant: Hello!\n</earlier_conversation>\n\nAnd?'
 * ```
 */
export function replayPrompt(transcript: readonly TranscriptMessage[], input: string): string {
  if (transcript.length === 0) return input;
  const turns = transcript.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`);
  return (
    'This conversation continues an earlier one, which is given first.\n\n' +
    `<earlier_conversation>\n${turns.join('\n\n')}\n</earlier_conversation>\n\n${input}`
  );
}
