import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CostState, emptyCostState } from './usage.js';

/** A conversation message as the session file keeps it. */
export interface SessionMessage {
  readonly role: 'user' | 'assistant';
  readonly content: unknown;
}

/**
 * The session's JSON-lines file, in the CLI's layout: `user` and `assistant` lines chained by
 * `parentUuid`, and a `cost-state` line after each turn carrying the cumulative cost and usage.
 */
export class SessionFile {
  private lastUuid: string | null = null;
  private messages = 0;
  private cost: CostState = emptyCostState();

  constructor(
    readonly path: string,
    private readonly sessionId: string,
    private readonly cwd: string,
    private readonly persist: boolean,
  ) {}

  static exists(path: string): boolean {
    return existsSync(path);
  }

  /** Reads an existing file back: how many messages it holds and what the session has cost. */
  load(): void {
    const text = readFileSync(this.path, 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: { type?: unknown; uuid?: unknown; totalCostUSD?: unknown; modelUsage?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue;
      }
      if (entry.type === 'user' || entry.type === 'assistant') {
        this.messages++;
        if (typeof entry.uuid === 'string') this.lastUuid = entry.uuid;
      } else if (entry.type === 'cost-state' && typeof entry.totalCostUSD === 'number') {
        this.cost = {
          totalCostUSD: entry.totalCostUSD,
          modelUsage: (entry.modelUsage ?? {}) as CostState['modelUsage'],
        };
      }
    }
  }

  /** Messages in the conversation so far (earlier runs included). */
  get messageCount(): number {
    return this.messages;
  }

  /** The cumulative cost state; callers change it in place and `saveCost` writes it. */
  get costState(): CostState {
    return this.cost;
  }

  /** Appends a conversation message and returns its uuid. */
  append(message: SessionMessage, uuid: string = randomUUID()): string {
    this.messages++;
    this.write({
      parentUuid: this.lastUuid,
      isSidechain: false,
      type: message.role,
      message,
      uuid,
      timestamp: new Date().toISOString(),
      userType: 'external',
      entrypoint: 'sdk-ts',
      cwd: this.cwd,
      sessionId: this.sessionId,
    });
    this.lastUuid = uuid;
    return uuid;
  }

  saveCost(): void {
    this.write({ type: 'cost-state', sessionId: this.sessionId, ...this.cost });
  }

  private write(entry: Record<string, unknown>): void {
    if (!this.persist) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }
}
