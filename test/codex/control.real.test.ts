import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CodexAdapterOptions } from '../../src/adapters/codex/codex-options.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { executing } from '../support/claude-runs.js';
import {
  type CodexSandbox,
  codexProcesses,
  eventually,
  useCodexFake,
} from '../support/codex-kit.js';
import { expectRunInvariants } from '../support/manager-kit.js';

// Cancel, abort, timeout and shutdown of runs on the real Codex binary (against the fake
// Responses API), through a SessionManager: each ends the run promptly and leaves no process of
// the run behind, also what a command started.

const kit = useCodexFake();
const managers: SessionManager[] = [];
const cancelLatencies: number[] = [];

afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

function setup(options: CodexAdapterOptions = {}) {
  const box = kit.sandbox();
  const store = new InMemorySessionStore();
  const manager = new SessionManager({
    store,
    adapter: kit.adapter({ sandboxMode: 'workspace-write', ...options }, box),
    telemetry: false,
  });
  managers.push(manager);
  return { box, store, manager };
}

/** Wait until the fake has received `count` responses requests in this file. */
async function requestsArrive(count: number): Promise<void> {
  const arrived = await eventually(() => kit.fake.responseRequests().length >= count, 15_000);
  expect(arrived, `${count} responses requests reached the fake`).toBe(true);
}

/** Expect every process of the sandbox gone within 3 s; returns how long that took. */
async function expectNoProcessLeft(box: CodexSandbox): Promise<number> {
  const from = performance.now();
  const gone = await eventually(() => codexProcesses(box).length === 0, 3_000);
  expect(gone ? [] : codexProcesses(box), 'processes of the sandbox left').toEqual([]);
  return performance.now() - from;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const describeMs = (values: readonly number[]) =>
  `${values.map((ms) => ms.toFixed(1)).join(', ')} ms (p50 ${percentile(values, 50).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;

describe('cancelRun on the real Codex binary', () => {
  it('stores run_cancelled within 200 ms of the call during a hanging reply, and leaves no process (5 cancels)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { box, store, manager } = setup();
      const before = kit.fake.responseRequests().length;
      kit.fake.enqueue({ hang: true });
      const { run, result, storedAt } = await executing(manager);
      await requestsArrive(before + 1);
      expect(codexProcesses(box).length, 'the binary runs').toBeGreaterThan(0);
      const calledAt = performance.now();
      await manager.cancelRun(run.id, 'enough');
      const outcome = await result;
      const at = storedAt.get('run_cancelled');
      expect(at, 'run_cancelled stored').toBeDefined();
      latencies.push((at ?? Infinity) - calledAt);
      expect(outcome.status).toBe('cancelled');
      const { events } = await expectRunInvariants(store, run.id);
      expect(events.at(-1)).toMatchObject({ type: 'run_cancelled', data: { reason: 'enough' } });
      await expectNoProcessLeft(box);
    }
    cancelLatencies.push(...latencies);
    console.info(`cancel during a hanging reply: ${describeMs(latencies)}`);
    expect(Math.max(...latencies)).toBeLessThan(200);
  });

  it('stores run_cancelled within 200 ms during a command `sleep 30`, and ends the sleep too (5 cancels)', async () => {
    const latencies: number[] = [];
    const goneMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { box, store, manager } = setup();
      kit.fake.enqueue({ command: 'echo start && sleep 30' });
      const { run, result, storedAt } = await executing(manager, { input: 'Sleep a while' });
      const sleeping = await eventually(
        () => codexProcesses(box).some((p) => p.command === 'sleep 30'),
        15_000,
      );
      expect(sleeping, `the command started sleep 30: ${JSON.stringify(codexProcesses(box))}`).toBe(
        true,
      );
      // Codex reports the command as started (item.started) while it runs.
      const reported = await eventually(() => storedAt.has('tool_call_started'), 5_000);
      expect(reported, 'tool_call_started stored while the command runs').toBe(true);
      const calledAt = performance.now();
      await manager.cancelRun(run.id);
      const outcome = await result;
      latencies.push((storedAt.get('run_cancelled') ?? Infinity) - calledAt);
      expect(outcome.status).toBe('cancelled');
      await expectRunInvariants(store, run.id);
      goneMs.push(await expectNoProcessLeft(box));
    }
    cancelLatencies.push(...latencies);
    console.info(
      `processes gone after the run ended: ${goneMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
    );
    console.info(`cancel during sleep 30: ${describeMs(latencies)}`);
    expect(Math.max(...latencies)).toBeLessThan(200);
  });

  it("aborting the caller's signal cancels the run like cancelRun and leaves no process", async () => {
    const { box, store, manager } = setup();
    const before = kit.fake.responseRequests().length;
    kit.fake.enqueue({ hang: true });
    const controller = new AbortController();
    const { run, result, storedAt } = await executing(manager, { signal: controller.signal });
    await requestsArrive(before + 1);
    const calledAt = performance.now();
    controller.abort();
    const outcome = await result;
    const latency = (storedAt.get('run_cancelled') ?? Infinity) - calledAt;
    console.info(`signal abort to stored run_cancelled: ${latency.toFixed(1)} ms`);
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('cancelled');
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)?.type).toBe('run_cancelled');
    expect(latency).toBeLessThan(200);
    await expectNoProcessLeft(box);
  });

  it('timeoutMs of startRun stores run_timeout and leaves no process, also of a running command', async () => {
    const { box, store, manager } = setup();
    kit.fake.enqueue({ command: 'echo start && sleep 30' });
    const started = performance.now();
    const { run, result } = await executing(manager, { timeoutMs: 3_000 });
    const outcome = await result;
    const took = performance.now() - started;
    expect(outcome.status).toBe('timeout');
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run_timeout', data: { timeoutMs: 3_000 } });
    expect(
      events.some((e) => e.type === 'tool_call_started'),
      'the command had started',
    ).toBe(true);
    expect(took).toBeGreaterThanOrEqual(2_900);
    expect(took).toBeLessThan(3_000 + 2_000);
    await expectNoProcessLeft(box);
  });
});

describe('SessionManager.close() on the real Codex binary', () => {
  it('ends a running (hanging) run as cancelled and leaves no process', async () => {
    const { box, store, manager } = setup();
    const before = kit.fake.responseRequests().length;
    kit.fake.enqueue({ hang: true });
    const { run, result } = await executing(manager);
    await requestsArrive(before + 1);
    await manager.close();
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)?.type).toBe('run_cancelled');
    await expectNoProcessLeft(box);
  });
});

afterAll(() => {
  if (cancelLatencies.length === 0) return;
  console.info(`cancel to stored run_cancelled, all: ${describeMs(cancelLatencies)}`);
});
