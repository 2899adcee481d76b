import { SessionEvent } from '../../src/index.js';

/**
 * `count` small `message_streamed` events of one session and run (about 200 bytes stored each, the
 * size of a typical agent event), made ahead of timing so the benchmark measures the store.
 */
export function streamedEvents(sessionId: string, runId: string, count: number): SessionEvent[] {
  const out: SessionEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = SessionEvent.create({
      type: 'message_streamed',
      sessionId,
      runId,
      provider: 'mock',
      data: { delta: `token ${i} of the streamed answer` },
    });
  }
  return out;
}

/** Split `items` into chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
