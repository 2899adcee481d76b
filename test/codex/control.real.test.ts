import { describe, expect, it } from 'vitest';
import type { CodexAdapterOptions } from '../../src/adapters/codex/codex-options.js';
import {
  type CodexSandbox,
  codexProcesses,
  eventually,
  useCodexFake,
} from '../support/codex-kit.js';
import { expectRunInvariants } from '../support/manager-kit.js';
import {
  describeMs,
  executing,
  expectNoProcessLeft as expectProcessesGone,
  useCancelLatencies,
  useManagers,
  requestsArrive as waitForRequests,
} from '../support/provider-runs.js';

// Cancel, abort, timeout and shutdown of runs on the real Codex binary (against the fake
// Responses API), through a SessionManager: each ends the run promptly and leaves no process of
// the run behind, also what a command started.

const kit = useCodexFake();
const managerOn = useManagers();
const cancelLatencies = useCancelLatencies();

function setup(options: CodexAdapterOptions = {}) {
  const box = kit.sandbox();
  return { box, ...managerOn(kit.adapter({ sandboxMode: 'workspace-write', ...options }, box)) };
}

/** Wait until the fake has received `count` responses requests in this file. */
const requestsArrive = (count: number) =>
  waitForRequests(() => kit.fake.responseRequests().length, count, 'responses');

/** Expect every process of the sandbox gone within 3 s; returns how long that took. */
const expectNoProcessLeft = (box: CodexSandbox) => expectProcessesGone(() => codexProcesses(box));

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
