import type { Query, SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { TurnSource } from './claude-turn.js';
import type { CliProcess } from './cli-process.js';
import { MessageQueue } from './message-queue.js';

/** How long a closing warm CLI gets to exit on its own (stdin closed) before it is ended. */
const CLOSE_GRACE_MS = 500;

interface WarmEntry {
  readonly process: CliProcess;
  readonly query: Query;
  readonly input: MessageQueue<SDKUserMessage>;
  /** The Claude session this process continues (null until its first turn said). */
  claudeSessionId: string | null;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
}

/** One run's use of a warm process. */
export interface WarmTurn {
  readonly process: CliProcess;
  /** Send the run's user message; the turn's messages come from the returned source. */
  send(message: SDKUserMessage): TurnSource;
  /** The turn ended well: keep the process for the session's next run. */
  release(claudeSessionId: string | null): void;
  /** The turn failed or was aborted: end the process (the next run starts a new one). */
  discard(): void;
  /**
   * True when the process was already open and had exited before this turn got any message: it
   * died idle, before its exit was seen, so the run may start again on a new process.
   */
  readonly diedIdle: boolean;
}

/**
 * The open Claude Code processes of sessions, one per session, each a `query()` whose prompt is an
 * open stream of user messages: a run sends its message and reads up to its `result`, and the
 * process stays for the session's next run. A process is closed after `idleMs` without a run, by
 * `close(sessionId)` and `closeAll()`; one that exited (a crash) is replaced on the next run, and
 * one whose turn failed or was aborted is ended, so nothing of a failed run stays behind.
 */
export class WarmSessions {
  readonly #entries = new Map<string, WarmEntry>();
  readonly #closing = new Set<Promise<void>>();

  constructor(private readonly idleMs: number) {}

  /** Whether the session has a live process continuing `claudeSessionId`. */
  holds(sessionId: string, claudeSessionId: string): boolean {
    const entry = this.#entries.get(sessionId);
    return (
      entry !== undefined && !entry.process.exited && entry.claudeSessionId === claudeSessionId
    );
  }

  /** The session's process for one run: its warm one when it continues `resumeId`, else a new one. */
  acquire(
    sessionId: string,
    resumeId: string | null,
    start: (input: AsyncIterable<SDKUserMessage>) => { process: CliProcess; query: Query },
  ): WarmTurn {
    let entry = this.#entries.get(sessionId);
    if (entry?.busy === true) {
      throw new AgentSessionError(
        'invalid_operation',
        `session ${sessionId} already has a run on its warm Claude Code process`,
        { details: { sessionId } },
      );
    }
    if (entry !== undefined && (entry.process.exited || entry.claudeSessionId !== resumeId)) {
      this.#end(sessionId, entry);
      entry = undefined;
    }
    const reused = entry !== undefined;
    let received = false;
    if (entry === undefined) {
      const input = new MessageQueue<SDKUserMessage>();
      const started = start(input);
      entry = { ...started, input, claudeSessionId: resumeId, busy: false, idleTimer: null };
      this.#entries.set(sessionId, entry);
    }
    const current = entry;
    current.busy = true;
    if (current.idleTimer !== null) clearTimeout(current.idleTimer);
    current.idleTimer = null;
    current.process.ref();
    return {
      process: current.process,
      send: (message) => {
        current.input.push(message);
        return {
          next: async () => {
            const step = await current.query.next();
            if (step.done !== true) received = true;
            return step;
          },
          interrupt: () =>
            current.query.interrupt().then(
              () => undefined,
              () => undefined,
            ),
        };
      },
      release: (claudeSessionId) => {
        current.busy = false;
        current.claudeSessionId = claudeSessionId ?? current.claudeSessionId;
        if (this.#entries.get(sessionId) !== current) return;
        current.process.unref();
        current.idleTimer = setTimeout(() => this.#end(sessionId, current), this.idleMs);
        current.idleTimer.unref();
      },
      discard: () => this.#end(sessionId, current),
      get diedIdle() {
        return reused && !received && current.process.exited;
      },
    };
  }

  /** End the session's process, if it has one. */
  async close(sessionId: string): Promise<void> {
    const entry = this.#entries.get(sessionId);
    if (entry !== undefined) this.#end(sessionId, entry);
    await Promise.all(this.#closing);
  }

  /** End every process and wait until they are gone. */
  async closeAll(): Promise<void> {
    for (const [sessionId, entry] of this.#entries) this.#end(sessionId, entry);
    await Promise.all(this.#closing);
  }

  /** The number of open processes. */
  get size(): number {
    return this.#entries.size;
  }

  #end(sessionId: string, entry: WarmEntry): void {
    if (this.#entries.get(sessionId) === entry) this.#entries.delete(sessionId);
    if (entry.idleTimer !== null) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    entry.input.end();
    const closing = (async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        entry.process.whenExited(),
        new Promise((resolve) => {
          timer = setTimeout(resolve, entry.busy ? 0 : CLOSE_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
      if (entry.busy) void entry.query.interrupt().catch(() => undefined);
      await entry.process.kill();
      await entry.query.return(undefined).catch(() => undefined);
    })().finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }
}
