import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { WireMessage } from './messages.js';

/** The SDK's answer to a control request the fake sent (`can_use_tool`). */
export type ControlReply =
  | { readonly ok: true; readonly response: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: string };

/**
 * stdout as JSON lines, control requests to the SDK with their pending replies, and the optional
 * log of argv and stdin lines.
 */
export class Wire {
  private readonly pending = new Map<string, (reply: ControlReply) => void>();

  constructor(private readonly logFile: string | undefined) {}

  log(entry: Record<string, unknown>): void {
    if (this.logFile === undefined) return;
    appendFileSync(this.logFile, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
  }

  send(message: WireMessage): void {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  }

  /** Answers a control request of the SDK. */
  respond(requestId: string, response: Record<string, unknown>): void {
    this.send({
      type: 'control_response',
      response: { subtype: 'success', request_id: requestId, response },
    });
  }

  respondError(requestId: string, error: string): void {
    this.send({
      type: 'control_response',
      response: { subtype: 'error', request_id: requestId, error },
    });
  }

  /** Sends a control request; resolves with the SDK's reply, or `undefined` when `signal` aborts first. */
  request(
    request: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ControlReply | undefined> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const onAbort = () => {
        this.pending.delete(requestId);
        this.send({ type: 'control_cancel_request', request_id: requestId });
        resolve(undefined);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(requestId, (reply) => {
        signal.removeEventListener('abort', onAbort);
        resolve(reply);
      });
      this.send({ type: 'control_request', request_id: requestId, request });
    });
  }

  /** Routes a `control_response` line from the SDK to its pending request. */
  receiveResponse(message: { response?: Record<string, unknown> }): void {
    const r = message.response ?? {};
    const id = typeof r.request_id === 'string' ? r.request_id : '';
    const settle = this.pending.get(id);
    if (settle === undefined) return;
    this.pending.delete(id);
    if (r.subtype === 'success') {
      settle({ ok: true, response: (r.response ?? {}) as Record<string, unknown> });
    } else {
      settle({
        ok: false,
        error: typeof r.error === 'string' ? r.error : 'control request failed',
      });
    }
  }
}
