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

const NO_MESSAGES: readonly TranscriptMessage[] = Object.freeze([]);

/** The messages of one session's conversation, only ever appended to. */
interface MessageLog {
  readonly messages: TranscriptMessage[];
}

/**
 * A conversation as the first `length` messages of a shared, append-only log: extending the
 * latest one appends to the log (no copy), and its size is carried forward, so a turn costs
 * the same however long the conversation is. The transcript is materialised (a frozen copy of
 * frozen messages) only when read: an adapter can never change the log.
 */
class LoggedConversation implements Conversation {
  readonly previousState: Readonly<Record<string, unknown>> | null;
  /** Characters of the transcript's contents. */
  readonly chars: number;
  readonly #log: MessageLog;
  readonly #length: number;
  #transcript: readonly TranscriptMessage[] | null = null;

  constructor(
    log: MessageLog,
    length: number,
    chars: number,
    previousState: Readonly<Record<string, unknown>> | null,
  ) {
    this.#log = log;
    this.#length = length;
    this.chars = chars;
    this.previousState = previousState;
  }

  get transcript(): readonly TranscriptMessage[] {
    this.#transcript ??=
      this.#length === 0 ? NO_MESSAGES : Object.freeze(this.#log.messages.slice(0, this.#length));
    return this.#transcript;
  }

  /** This conversation and `messages` (already frozen) after it. */
  extend(
    messages: readonly TranscriptMessage[],
    chars: number,
    previousState: Readonly<Record<string, unknown>> | null,
  ): LoggedConversation {
    let log = this.#log;
    // Extended from an earlier point already (a run that did not complete): fork the log.
    if (log.messages.length !== this.#length)
      log = { messages: log.messages.slice(0, this.#length) };
    for (const message of messages) log.messages.push(message);
    return new LoggedConversation(
      log,
      this.#length + messages.length,
      this.chars + chars,
      previousState,
    );
  }
}

/** A conversation from plain messages (each read once, copied and frozen). */
function logged(
  transcript: readonly TranscriptMessage[],
  previousState: Readonly<Record<string, unknown>> | null,
): LoggedConversation {
  const [messages, chars] = frozenMessages(transcript);
  return new LoggedConversation({ messages }, messages.length, chars, previousState);
}

function frozenMessages(messages: readonly TranscriptMessage[]): [TranscriptMessage[], number] {
  const out: TranscriptMessage[] = [];
  let chars = 0;
  for (const m of messages) {
    const content = m.content;
    out.push(Object.freeze({ role: m.role, content }));
    chars += content.length;
  }
  return [out, chars];
}

/** Characters of a conversation's transcript (carried forward; counted once for a plain one). */
function charsOf(conversation: Conversation): number {
  if (conversation instanceof LoggedConversation) return conversation.chars;
  let chars = 0;
  for (const message of conversation.transcript) chars += message.content.length;
  return chars;
}

/** The conversation of a session without completed runs. */
export const EMPTY_CONVERSATION: Conversation = Object.freeze({
  transcript: NO_MESSAGES,
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
  let chars = 0;
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
      chars += content.length;
    }
  }
  const latest = runs.reduce((a, b) => ((a.endedAt ?? '') > (b.endedAt ?? '') ? a : b));
  const log = { messages: transcript };
  return new LoggedConversation(log, transcript.length, chars, adapterStateOf(latest));
}

/**
 * The conversation after `before` and one more completed run with these messages and state.
 * Costs O(messages) however long `before` is: the earlier messages are shared, not copied.
 */
export function extendConversation(
  before: Conversation,
  messages: readonly TranscriptMessage[],
  previousState: Readonly<Record<string, unknown>> | null,
  withTranscript: boolean,
): Conversation {
  if (!withTranscript) return Object.freeze({ transcript: NO_MESSAGES, previousState });
  const base =
    before instanceof LoggedConversation ? before : logged(before.transcript, before.previousState);
  const [added, chars] = frozenMessages(messages);
  return base.extend(added, chars, previousState);
}

interface CachedConversation {
  readonly version: number;
  readonly withTranscript: boolean;
  readonly conversation: Conversation;
  /** Characters of the transcript's contents. */
  readonly size: number;
}

/**
 * The conversations of recently used sessions, each valid for one stored version of its session.
 * Every completed run saves its session in its terminal commit, so a session whose version is the
 * cached one has had no run completed since (in any process): its conversation can be used
 * without reading the session's runs and messages again. Bounded by sessions and by the
 * characters of the transcripts it holds; the least recently stored go first. The conversation
 * stored last always stays, even when it alone is over `maxChars`: its session's next run needs
 * it, and reading it from the store for every run would cost a read of the whole conversation
 * per turn while saving no memory when it counts (the run holds the transcript anyway). It goes
 * when another session's conversation is stored.
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
    const size = charsOf(conversation);
    this.#entries.set(session.id, { version: session.version, withTranscript, conversation, size });
    this.#chars += size;
    while (
      this.#entries.size > 1 &&
      (this.#entries.size > this.#maxSessions || this.#chars > this.#maxChars)
    ) {
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
