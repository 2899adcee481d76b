import type { Run } from '../../core/run.js';
import type { Session } from '../../core/session.js';
import type { TranscriptMessage } from '../../ports/adapter-execution.js';
import type { SessionStore } from '../../ports/session-store.js';

/** What a run needs from the session's earlier runs to continue the conversation. */
export interface Conversation {
  /** Empty when the adapter does not use a transcript (`needsTranscript: false`). */
  readonly transcript: readonly TranscriptMessage[];
  /** `metadata.adapterState` of the session's latest completed run, or null. */
  readonly previousState: Readonly<Record<string, unknown>> | null;
}

/** The conversation of a session without completed runs. */
export const EMPTY_CONVERSATION: Conversation = Object.freeze({
  transcript: Object.freeze([]),
  previousState: null,
});

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

/** The `adapterState` a run saved, or null. */
export function adapterStateOf(run: Run): Readonly<Record<string, unknown>> | null {
  const state = run.metadata.adapterState;
  return typeof state === 'object' && state !== null && !Array.isArray(state)
    ? (state as Readonly<Record<string, unknown>>)
    : null;
}

/**
 * The conversation so far of a session, read from the store: the user and assistant messages of
 * its completed runs, oldest first (only when `withTranscript`), and the adapter state the latest
 * of them saved.
 */
export async function loadConversation(
  store: SessionStore,
  sessionId: string,
  excludeRunId: string,
  withTranscript = true,
): Promise<Conversation> {
  const runs = (await completedRuns(store, sessionId)).filter((run) => run.id !== excludeRunId);
  if (runs.length === 0) return EMPTY_CONVERSATION;
  const transcript: TranscriptMessage[] = [];
  if (withTranscript) {
    const ids = new Set(runs.map((run) => run.id));
    const events = await store.readEvents(sessionId, {
      types: ['message_sent', 'message_received'],
    });
    for (const event of events) {
      if (event.runId === null || !ids.has(event.runId)) continue;
      const content = event.data.content;
      if (typeof content !== 'string') continue;
      transcript.push(
        Object.freeze({ role: event.type === 'message_sent' ? 'user' : 'assistant', content }),
      );
    }
  }
  const latest = runs.reduce((a, b) => ((a.endedAt ?? '') > (b.endedAt ?? '') ? a : b));
  return { transcript: Object.freeze(transcript), previousState: adapterStateOf(latest) };
}

/** The conversation after `before` and one more completed run with these messages and state. */
export function extendConversation(
  before: Conversation,
  messages: readonly TranscriptMessage[],
  previousState: Readonly<Record<string, unknown>> | null,
  withTranscript: boolean,
): Conversation {
  return Object.freeze({
    transcript: withTranscript
      ? Object.freeze([...before.transcript, ...messages.map((m) => Object.freeze({ ...m }))])
      : EMPTY_CONVERSATION.transcript,
    previousState,
  });
}

interface CachedConversation {
  readonly version: number;
  readonly withTranscript: boolean;
  readonly conversation: Conversation;
  /** Characters of the transcript's contents. */
  readonly size: number;
}

function sizeOf(conversation: Conversation): number {
  let size = 0;
  for (const message of conversation.transcript) size += message.content.length;
  return size;
}

/**
 * The conversations of recently used sessions, each valid for one stored version of its session.
 * Every completed run saves its session in its terminal commit, so a session whose version is the
 * cached one has had no run completed since (in any process): its conversation can be used
 * without reading the session's runs and messages again. Bounded by sessions and by the
 * characters of the transcripts it holds; the least recently stored go first.
 *
 * @example
 * ```ts
 * const cache = new ConversationCache();
 * cache.set(session, EMPTY_CONVERSATION, true);
 * cache.get(session, true); // EMPTY_CONVERSATION, while the session's version is unchanged
 * ```
 */
export class ConversationCache {
  readonly #entries = new Map<string, CachedConversation>();
  readonly #maxSessions: number;
  readonly #maxChars: number;
  #chars = 0;

  constructor(maxSessions = 256, maxChars = 8_000_000) {
    this.#maxSessions = maxSessions;
    this.#maxChars = maxChars;
  }

  /** The cached conversation of `session` at its current version, or undefined. */
  get(session: Session, withTranscript: boolean): Conversation | undefined {
    const entry = this.#entries.get(session.id);
    if (entry === undefined) return undefined;
    if (entry.version !== session.version || (withTranscript && !entry.withTranscript)) {
      this.#delete(session.id);
      return undefined;
    }
    return entry.conversation;
  }

  /** Remember the conversation of `session` at its version (the oldest entries go when full). */
  set(session: Session, conversation: Conversation, withTranscript: boolean): void {
    this.#delete(session.id);
    const size = sizeOf(conversation);
    if (size > this.#maxChars) return;
    this.#entries.set(session.id, { version: session.version, withTranscript, conversation, size });
    this.#chars += size;
    while (this.#entries.size > this.#maxSessions || this.#chars > this.#maxChars) {
      this.#delete(this.#entries.keys().next().value as string);
    }
  }

  #delete(sessionId: string): void {
    const entry = this.#entries.get(sessionId);
    if (entry === undefined) return;
    this.#entries.delete(sessionId);
    this.#chars -= entry.size;
  }
}
