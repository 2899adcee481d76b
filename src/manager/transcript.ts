import type { Run } from '../core/run.js';
import type { TranscriptMessage } from '../ports/adapter-execution.js';
import type { SessionStore } from '../ports/session-store.js';

/** What a run needs from the session's earlier runs to continue the conversation. */
export interface Conversation {
  readonly transcript: readonly TranscriptMessage[];
  /** `metadata.adapterState` of the session's latest completed run, or null. */
  readonly previousState: Readonly<Record<string, unknown>> | null;
}

const PAGE = 1000;

async function completedRuns(store: SessionStore, sessionId: string): Promise<Run[]> {
  const runs: Run[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRuns(sessionId, { status: 'completed', limit: PAGE, cursor });
    runs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return runs;
}

/**
 * The conversation so far of a session: the user and assistant messages of its completed runs,
 * oldest first, and the adapter state the latest of them saved.
 */
export async function loadConversation(
  store: SessionStore,
  sessionId: string,
  excludeRunId: string,
): Promise<Conversation> {
  const runs = (await completedRuns(store, sessionId)).filter((run) => run.id !== excludeRunId);
  if (runs.length === 0) return { transcript: [], previousState: null };
  const ids = new Set(runs.map((run) => run.id));
  const events = await store.readEvents(sessionId, {
    types: ['message_sent', 'message_received'],
  });
  const transcript: TranscriptMessage[] = [];
  for (const event of events) {
    if (event.runId === null || !ids.has(event.runId)) continue;
    const content = event.data.content;
    if (typeof content !== 'string') continue;
    transcript.push(
      Object.freeze({ role: event.type === 'message_sent' ? 'user' : 'assistant', content }),
    );
  }
  // Runs are listed by id, which is time-ordered: the last one is the latest.
  const latest = runs.reduce((a, b) => ((a.endedAt ?? '') > (b.endedAt ?? '') ? a : b));
  const state = latest.metadata.adapterState;
  const previousState =
    typeof state === 'object' && state !== null && !Array.isArray(state)
      ? (state as Readonly<Record<string, unknown>>)
      : null;
  return { transcript: Object.freeze(transcript), previousState };
}
