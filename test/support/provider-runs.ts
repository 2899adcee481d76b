import { afterAll, afterEach, expect } from 'vitest';
import type { SessionEvent } from '../../src/core/session-event.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { eventually, type FoundProcess } from './claude-kit.js';

// Run helpers shared by the Claude Code and Codex tests of both tiers (fake executables and real
// CLIs).

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

/** A manager on a new in-memory store and `adapter` (telemetry off), closed after the test. */
export function useManagers(): (adapter: ProviderAdapter) => {
  store: InMemorySessionStore;
  manager: SessionManager;
} {
  const managers: SessionManager[] = [];
  afterEach(async () => {
    for (const manager of managers.splice(0)) await manager.close();
  });
  return (adapter) => {
    const store = new InMemorySessionStore();
    const manager = new SessionManager({ store, adapter, telemetry: false });
    managers.push(manager);
    return { store, manager };
  };
}

/** Wait until `received()` (the fake's requests of `what` in this file) reaches `count`. */
export async function requestsArrive(
  received: () => number,
  count: number,
  what: string,
): Promise<void> {
  const arrived = await eventually(() => received() >= count, 15_000);
  expect(arrived, `${count} ${what} requests reached the fake`).toBe(true);
}

/**
 * Expect every process `processes()` finds gone within `ms` (3 s by default); returns how long
 * that took.
 */
export async function expectNoProcessLeft(
  processes: () => FoundProcess[],
  ms = 3_000,
  what = 'processes of the sandbox left',
): Promise<number> {
  const from = performance.now();
  const gone = await eventually(() => processes().length === 0, ms);
  expect(gone ? [] : processes(), what).toEqual([]);
  return performance.now() - from;
}

/** The `p`th percentile of `values` (nearest rank; NaN when there are none). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Latencies in ms as text, with their p50 and max. */
export const describeMs = (values: readonly number[]): string =>
  `${values.map((ms) => ms.toFixed(1)).join(', ')} ms (p50 ${percentile(values, 50).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;

/** A list of cancel latencies the file's tests add to, printed with p50 and max after them all. */
export function useCancelLatencies(): number[] {
  const latencies: number[] = [];
  afterAll(() => {
    if (latencies.length === 0) return;
    console.info(`cancel to stored run_cancelled, all: ${describeMs(latencies)}`);
  });
  return latencies;
}

/**
 * Start a session of `agentId` and run `input` in it; the session and the provider's session id
 * the run left on it (`''` when it left none).
 */
export async function firstRun(manager: SessionManager, agentId: string, input: string) {
  const session = await manager.startSession({ agentId });
  await runIn(manager, session.id, input);
  const providerSessionId = (await manager.getSession(session.id)).providerSessionId ?? '';
  return { session, providerSessionId };
}
