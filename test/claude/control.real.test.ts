import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaudeAdapterOptions } from '../../src/adapters/claude/claude-options.js';
import {
  type ClaudeSandbox,
  eventually,
  sandboxProcesses,
  useClaudeFake,
} from '../support/claude-kit.js';
import { expectRunInvariants } from '../support/manager-kit.js';
import {
  executing,
  expectNoProcessLeft as expectProcessesGone,
  useCancelLatencies,
  useManagers,
  requestsArrive as waitForRequests,
} from '../support/provider-runs.js';

// Cancel, abort, timeout, interrupt and shutdown of runs on the real Claude Code CLI (against the
// fake Anthropic server), through a SessionManager: each ends the run promptly and leaves no
// process of the run behind, also what a Bash tool started.

const kit = useClaudeFake();
const managerOn = useManagers();
const cancelLatencies = useCancelLatencies();

function setup(options: ClaudeAdapterOptions = {}) {
  const box = kit.sandbox();
  return { box, ...managerOn(kit.adapter(options, box)) };
}

/** Wait until the fake has received `count` messages requests in this file. */
const requestsArrive = (count: number) =>
  waitForRequests(() => kit.fake.messageRequests().length, count, 'messages');

/** Expect every process of the sandbox gone within 3 s; returns how long that took. */
const expectNoProcessLeft = (box: ClaudeSandbox) =>
  expectProcessesGone(() => sandboxProcesses(box));

describe('cancelRun on the real CLI', () => {
  it('stores run_cancelled within 300 ms of the call during a hanging reply, and leaves no process (5 cancels)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { box, store, manager } = setup();
      const before = kit.fake.messageRequests().length;
      kit.fake.enqueue({ hang: true });
      const { run, result, storedAt } = await executing(manager);
      await requestsArrive(before + 1);
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
    console.info(
      `cancel during a hanging reply: ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    );
    expect(Math.max(...latencies)).toBeLessThan(300);
  });

  it('stores run_cancelled within 300 ms during a Bash `sleep 30`, and ends the sleep too (5 cancels)', async () => {
    const latencies: number[] = [];
    const goneMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { box, store, manager } = setup({ allowedTools: ['Bash'] });
      // Claude Code refuses a command that is only `sleep N` (or starts with it): echo first.
      kit.fake.enqueue({
        toolUse: { name: 'Bash', input: { command: 'echo waiting && sleep 30' } },
      });
      const { run, result, storedAt } = await executing(manager, { input: 'Sleep a while' });
      const sleeping = await eventually(
        () => sandboxProcesses(box).some((p) => p.command === 'sleep 30'),
        15_000,
      );
      expect(sleeping, 'the Bash tool started sleep 30').toBe(true);
      expect(storedAt.has('tool_call_started')).toBe(true);
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
    console.info(
      `cancel during Bash sleep 30: ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    );
    expect(Math.max(...latencies)).toBeLessThan(300);
  });

  it("aborting the caller's signal cancels the run like cancelRun and leaves no process", async () => {
    const { box, store, manager } = setup();
    const before = kit.fake.messageRequests().length;
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
    expect(latency).toBeLessThan(300);
    await expectNoProcessLeft(box);
  });

  it('timeoutMs of startRun stores run_timeout and leaves no process', async () => {
    const { box, store, manager } = setup();
    kit.fake.enqueue({ hang: true });
    const started = performance.now();
    const { run, result } = await executing(manager, { timeoutMs: 2_000 });
    const outcome = await result;
    const took = performance.now() - started;
    expect(outcome.status).toBe('timeout');
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run_timeout', data: { timeoutMs: 2_000 } });
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(2_000 + 2_000);
    await expectNoProcessLeft(box);
  });
});

describe('interruptRun on the real CLI', () => {
  it('ends a streaming reply as completed/interrupted with the partial text; the next run resumes the same Claude session', async () => {
    const { box, store, manager } = setup();
    const full = Array.from({ length: 60 }, (_, i) => `word${i} `).join('');
    kit.fake.enqueue({ text: full, chunks: 60, delayMs: 60 });
    const { session, run, result, stored } = await executing(manager, { input: 'Count slowly' });
    const streaming = await eventually(
      () => stored.filter((e) => e.type === 'message_streamed').length >= 3,
      15_000,
    );
    expect(streaming, 'three deltas streamed').toBe(true);
    await manager.interruptRun(run.id);
    const outcome = await result;
    expect(outcome.status).toBe('completed');
    expect(outcome.output?.stopReason).toBe('interrupted');
    const events = await store.readEvents(session.id, { runId: run.id });
    const streamed = events
      .filter((e) => e.type === 'message_streamed')
      .map((e) => String(e.data.delta))
      .join('');
    expect(streamed.length).toBeGreaterThan(0);
    expect(full.startsWith(streamed)).toBe(true);
    expect(streamed.length).toBeLessThan(full.length);
    expect(outcome.output?.content).toBe(streamed);
    await expectRunInvariants(store, run.id);
    const firstId = (await store.getSession(session.id)).providerSessionId;
    expect(firstId).toEqual(expect.any(String));

    const requestsBefore = kit.fake.messageRequests().length;
    const next = await manager.startRun(session.id, 'Go on');
    const second = await manager.executeRun(next.id);
    expect(second.status).toBe('completed');
    expect(second.output?.content).toBe('Echo: Go on');
    expect((await store.getSession(session.id)).providerSessionId).toBe(firstId);
    const body = JSON.stringify(kit.fake.messageRequests()[requestsBefore]?.body);
    expect(body, 'the resumed conversation carries the first prompt').toContain('Count slowly');
    await expectNoProcessLeft(box);
  });
});

describe('SessionManager.close() on the real CLI', () => {
  it('ends a running (hanging) run as cancelled and leaves no process', async () => {
    const { box, store, manager } = setup();
    const before = kit.fake.messageRequests().length;
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

describe('canUseTool on the real CLI', () => {
  it('records each decision on the tool events; a denial is tool_call_failed with the reason', async () => {
    const asked: string[] = [];
    const { box, store, manager } = setup({
      canUseTool: async (toolName, input) => {
        asked.push(`${toolName}:${String(input.command)}`);
        return String(input.command).includes('allowed')
          ? { behavior: 'allow', updatedInput: input }
          : { behavior: 'deny', message: 'not here' };
      },
    });
    kit.fake.enqueue(
      { toolUse: { name: 'Bash', input: { command: 'touch allowed.txt' } } },
      { toolUse: { name: 'Bash', input: { command: 'touch denied.txt' } } },
    );
    const { session, run, result } = await executing(manager, { input: 'Run two commands' });
    const outcome = await result;
    expect(outcome.status).toBe('completed');
    expect(asked).toEqual(['Bash:touch allowed.txt', 'Bash:touch denied.txt']);
    expect(existsSync(join(box.workspace, 'allowed.txt')), 'the allowed command ran').toBe(true);
    expect(existsSync(join(box.workspace, 'denied.txt')), 'the denied command ran').toBe(false);
    await expectRunInvariants(store, run.id);
    const events = await store.readEvents(session.id, { runId: run.id });
    const ended = events.filter(
      (e) => e.type === 'tool_call_completed' || e.type === 'tool_call_failed',
    );
    expect(ended.map((e) => e.type)).toEqual(['tool_call_completed', 'tool_call_failed']);
    expect(ended[0]?.data).toMatchObject({ toolName: 'Bash' });
    expect(ended[0]?.metadata.permission).toEqual({
      toolName: 'Bash',
      input: expect.objectContaining({ command: 'touch allowed.txt' }),
      behavior: 'allow',
    });
    expect(String(ended[1]?.data.error)).toContain('not here');
    expect(ended[1]?.metadata.permission).toEqual({
      toolName: 'Bash',
      input: expect.objectContaining({ command: 'touch denied.txt' }),
      behavior: 'deny',
      message: 'not here',
    });
  });

  it('records a callback that throws as a denial, and the run still completes', async () => {
    const { store, manager } = setup({
      canUseTool: async () => {
        throw new Error('policy service down');
      },
    });
    kit.fake.enqueue({ toolUse: { name: 'Bash', input: { command: 'touch thrown.txt' } } });
    const { session, run, result } = await executing(manager, { input: 'Run touch' });
    const outcome = await result;
    expect(outcome.status).toBe('completed');
    expect(outcome.output?.content).toBe('Done.');
    await expectRunInvariants(store, run.id);
    const events = await store.readEvents(session.id, { runId: run.id });
    const failed = events.find((e) => e.type === 'tool_call_failed');
    expect(failed?.metadata.permission).toMatchObject({
      toolName: 'Bash',
      behavior: 'deny',
      message: expect.stringContaining('policy service down'),
    });
    expect(events.some((e) => e.type === 'tool_call_completed')).toBe(false);
  });
});
