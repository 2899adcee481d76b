import type { SessionEvent } from '../../src/core/session-event.js';
import type { SessionManager } from '../../src/manager/session-manager.js';
import type { SessionStore } from '../../src/ports/session-store.js';

// Run helpers shared by the Claude Code tests of both tiers (fake executable and real CLI).

/** Start a run of `input` on `sessionId` and execute it; the result and the run's stored events. */
export async function runIn(manager: SessionManager, sessionId: string, input: string) {
  const run = await manager.startRun(sessionId, input);
  const result = await manager.executeRun(run.id);
  const events = await manager.getEvents(sessionId, { runId: run.id });
  return { run, result, events };
}

/** The events of `type`. */
export function ofType(events: readonly SessionEvent[], type: string): SessionEvent[] {
  return events.filter((e) => e.type === type);
}

/**
 * Start a session and a run and execute it (not awaited), recording every stored event and when
 * each event type was first stored.
 */
export async function executing(
  manager: SessionManager,
  extra: { signal?: AbortSignal; timeoutMs?: number; input?: string } = {},
) {
  const session = await manager.startSession({ agentId: 'control' });
  const run = await manager.startRun(
    session.id,
    extra.input ?? 'Do it',
    extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs },
  );
  const storedAt = new Map<string, number>();
  const stored: SessionEvent[] = [];
  const result = manager.executeRun(run.id, {
    ...(extra.signal === undefined ? {} : { signal: extra.signal }),
    onEvent: (event) => {
      stored.push(event);
      if (!storedAt.has(event.type)) storedAt.set(event.type, performance.now());
    },
  });
  return { session, run, result, storedAt, stored };
}

/** The store, except that it has no provider session file for any session. */
export function withoutProviderFiles(store: SessionStore): SessionStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'getProviderFile') return async () => null;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
