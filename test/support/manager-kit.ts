import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { Capability } from '../../src/core/capability.js';
import type { CapabilityType } from '../../src/core/capability-type.js';
import type { Run } from '../../src/core/run.js';
import type { SessionEvent } from '../../src/core/session-event.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import type { AdapterExecuteRequest, AdapterResult } from '../../src/ports/adapter-execution.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';

/** A store for one test, and how to dispose of it. */
export interface StoreFixture {
  readonly store: SessionStore;
  dispose(): Promise<void>;
}

/** The stores every manager invariant runs against. */
export const STORE_FACTORIES: readonly [string, () => StoreFixture][] = [
  [
    'memory',
    () => {
      const store = new InMemorySessionStore();
      return { store, dispose: () => store.close() };
    },
  ],
  [
    'sqlite file',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'asm-manager-'));
      const store = new SqliteSessionStore({ path: join(dir, 'sessions.db') });
      return {
        store,
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

/** The store of the current test (made before each test, disposed of after it), and managers on
 * it, closed after each test before the store goes. */
export interface TestScope {
  readonly store: SessionStore;
  /** A manager on the test's store, telemetry off unless `extra` says otherwise. */
  manager(
    adapter: ProviderAdapter,
    extra?: Partial<ConstructorParameters<typeof SessionManager>[0]>,
  ): SessionManager;
}

/** Register the hooks that give every test of the enclosing `describe` a fresh `TestScope`. */
export function useTestScope(makeStore: () => StoreFixture): TestScope {
  let fixture: StoreFixture | null = null;
  const managers: SessionManager[] = [];
  const current = (): SessionStore => {
    if (fixture === null) throw new Error('the store exists only inside a test');
    return fixture.store;
  };
  beforeEach(() => {
    fixture = makeStore();
  });
  afterEach(async () => {
    for (const m of managers.splice(0)) await m.close();
    await fixture?.dispose();
    fixture = null;
  });
  return {
    get store() {
      return current();
    },
    manager(adapter, extra = {}) {
      const m = new SessionManager({ store: current(), adapter, telemetry: false, ...extra });
      managers.push(m);
      return m;
    },
  };
}

/** A completed adapter result with `content`. */
export function reply(content: string, extra: Partial<AdapterResult> = {}): AdapterResult {
  return {
    output: { content, stopReason: 'end_turn', toolCalls: [] },
    tokenUsage: { inputTokens: 3, outputTokens: 5 },
    costUsd: 0.01,
    ...extra,
  };
}

/** Per-run control an adapter registers while a run executes, called with the run's id. */
export interface TestControl {
  interrupt?: (runId: string) => Promise<void>;
  pause?: (runId: string) => Promise<void>;
  resume?: (runId: string) => Promise<void>;
}

/**
 * An adapter whose `execute` is `behaviour`; the control methods given are registered on each
 * run's `request.control`; capabilities optional.
 */
export function testAdapter(
  behaviour: (request: AdapterExecuteRequest) => Promise<AdapterResult>,
  extra: TestControl & {
    capabilities?: readonly CapabilityType[];
    name?: string;
    needsTranscript?: boolean;
  } = {},
): ProviderAdapter {
  const { capabilities = [], name = 'test', needsTranscript, ...control } = extra;
  const operations = (['interrupt', 'pause', 'resume'] as const).filter(
    (op) => control[op] !== undefined,
  );
  return {
    specificationVersion: 'v1',
    name,
    model: 'test-model',
    ...(needsTranscript === undefined ? {} : { needsTranscript }),
    capabilities: () => capabilities.map((type) => Capability.create({ name: type, type })),
    execute(request) {
      if (operations.length > 0) {
        const handlers: Partial<Record<(typeof operations)[number], () => Promise<void>>> = {};
        for (const op of operations) {
          handlers[op] = () => (control[op] as (runId: string) => Promise<void>)(request.run.id);
        }
        request.control.register(handlers);
      }
      return behaviour(request);
    },
  };
}

/** Resolves when `signal` aborts (never, if it does not). */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A promise that never settles: an adapter that ignores its abort signal. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

const TERMINAL_OF: Record<string, string> = {
  completed: 'run_completed',
  failed: 'run_failed',
  cancelled: 'run_cancelled',
  timeout: 'run_timeout',
};

/**
 * The manager's run invariants, checked on the stored log: one `run_started` first, one terminal event
 * last and matching the stored status, nothing after it; a failed run stores `{ code, message }`.
 */
export async function expectRunInvariants(
  store: SessionStore,
  runId: string,
): Promise<{
  run: Run;
  events: SessionEvent[];
}> {
  const run = await store.getRun(runId);
  const events = await store.readEvents(run.sessionId, { runId });
  const types = events.map((e) => e.type);
  expect(types[0]).toBe('run_started');
  expect(types.filter((t) => t === 'run_started')).toHaveLength(1);
  const terminals = types.filter((t) => TERMINAL_OF[runStatusOf(t)] !== undefined);
  expect(terminals).toHaveLength(1);
  expect(types.at(-1)).toBe(TERMINAL_OF[run.status]);
  const seqs = events.map((e) => e.seq);
  expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  if (run.status === 'failed') {
    expect(run.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect(events.at(-1)?.data).toMatchObject({ errorCode: run.error?.code });
  }
  return { run, events };
}

function runStatusOf(type: string): string {
  const found = Object.entries(TERMINAL_OF).find(([, t]) => t === type);
  return found ? found[0] : '';
}

/** Wait until `check` is true (polling), or fail after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
