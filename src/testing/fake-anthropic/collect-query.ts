import { type Options, type Query, query, type SDKMessage } from '@anthropic-ai/claude-agent-sdk';

/** Everything one query yielded, and what it threw if it ended by throwing. */
export interface CollectedQuery {
  readonly messages: SDKMessage[];
  /** Whether the iterator threw (an error result or an interrupt do). */
  readonly threw: boolean;
  /** What it threw, when `threw`. */
  readonly thrown: unknown;
}

/**
 * Runs one Claude Agent SDK query to its end and collects its messages, with partial messages on
 * and no settings files read, as the fixtures and the tests against the fake server need it.
 * `onMessage` sees every message as it arrives and may act on the query (interrupt it).
 *
 * @example
 * ```ts
 * const run = await collectQuery('Say hello', { env: fake.env({ dir }), cwd: workspace });
 * const result = run.messages.find((m) => m.type === 'result');
 * ```
 */
export async function collectQuery(
  prompt: string,
  options: Options,
  onMessage?: (message: SDKMessage, q: Query) => void,
): Promise<CollectedQuery> {
  const q = query({
    prompt,
    options: { settingSources: [], includePartialMessages: true, ...options },
  });
  const messages: SDKMessage[] = [];
  try {
    for await (const message of q) {
      messages.push(message);
      onMessage?.(message, q);
    }
    return { messages, threw: false, thrown: undefined };
  } catch (error) {
    return { messages, threw: true, thrown: error };
  }
}
