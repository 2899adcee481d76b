import { appendFileSync } from 'node:fs';

/** stdout as the CLI's JSON lines (thread events), item ids numbered per process, and the log. */
export class EventWriter {
  private nextItem = 0;

  constructor(private readonly logFile: string | undefined) {}

  log(entry: Record<string, unknown>): void {
    if (this.logFile === undefined) return;
    appendFileSync(this.logFile, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
  }

  send(event: Record<string, unknown>): void {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  }

  /** A fresh item id (`item_0`, `item_1`, … like the real CLI). */
  itemId(): string {
    return `item_${this.nextItem++}`;
  }

  /** `item.completed` of a new item that has no started state (messages, reasoning, errors). */
  completed(item: Record<string, unknown>): void {
    this.send({ type: 'item.completed', item: { id: this.itemId(), ...item } });
  }
}
