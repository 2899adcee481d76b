import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/claude-kit.js';
import {
  argvs,
  boxProcesses,
  type FakeBox,
  flag,
  runIn,
  useFakeClaude,
  userTexts,
} from '../../../test/support/fake-claude-kit.js';
import { expectRunInvariants } from '../../../test/support/manager-kit.js';
import {
  executing,
  expectNoProcessLeft as expectProcessesGone,
} from '../../../test/support/provider-runs.js';
import type { FakeClaudeScript } from '../../testing/fake-claude/index.js';

// Cancel, the caller's abort, timeout, interrupt and shutdown of runs through SessionManager on the
// fake Claude executable (a turn that hangs like a stalled model API): each ends the run promptly
// and leaves no process of it behind.

const kit = useFakeClaude();
const HANG: FakeClaudeScript = { turns: [{ hang: true }] };

const setup = (script: FakeClaudeScript = HANG) =>
  kit.managed((box) => kit.adapter(script, {}, box));

/** Wait until the fake of `box` has the run's user message (its turn is playing). */
async function turnStarted(box: FakeBox): Promise<void> {
  expect(await eventually(() => userTexts(box).length > 0, 10_000), 'the turn started').toBe(true);
}

const expectNoProcessLeft = (box: FakeBox) =>
  expectProcessesGone(() => boxProcesses(box), 2_000, 'processes of the run left');

describe('cancelling a hanging Claude run', () => {
  it('cancelRun stores run_cancelled within 300 ms and the process is gone within 2 s', async () => {
    const { box, store, manager } = setup();
    const { run, result, storedAt } = await executing(manager);
    await turnStarted(box);
    expect(boxProcesses(box).length).toBeGreaterThan(0);
    const calledAt = performance.now();
    await manager.cancelRun(run.id, 'enough');
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    expect((storedAt.get('run_cancelled') ?? Infinity) - calledAt).toBeLessThan(300);
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run_cancelled', data: { reason: 'enough' } });
    await expectNoProcessLeft(box);
  });

  it("aborting the caller's signal cancels the run and ends the process", async () => {
    const { box, store, manager } = setup();
    const controller = new AbortController();
    const { run, result, storedAt } = await executing(manager, { signal: controller.signal });
    await turnStarted(box);
    const calledAt = performance.now();
    controller.abort();
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('cancelled');
    expect((storedAt.get('run_cancelled') ?? Infinity) - calledAt).toBeLessThan(300);
    await expectRunInvariants(store, run.id);
    await expectNoProcessLeft(box);
  });

  it('timeoutMs stores run_timeout and ends the process', async () => {
    const { box, store, manager } = setup();
    const started = performance.now();
    const { run, result } = await executing(manager, { timeoutMs: 800 });
    const outcome = await result;
    const took = performance.now() - started;
    expect(outcome.status).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(750);
    expect(took).toBeLessThan(800 + 2_000);
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run_timeout', data: { timeoutMs: 800 } });
    expect(userTexts(box)).toHaveLength(1);
    await expectNoProcessLeft(box);
  });

  it('manager.close() during a hanging run ends it as cancelled and ends the process', async () => {
    const { box, store, manager } = setup();
    const { run, result } = await executing(manager);
    await turnStarted(box);
    await manager.close();
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)?.type).toBe('run_cancelled');
    await expectNoProcessLeft(box);
  });
});

describe('interrupting a Claude run', () => {
  it('ends a streaming reply as completed/interrupted with the partial text; the next run resumes', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i} `);
    const { box, store, manager } = setup({
      turns: [{ text: words.join(''), chunks: words, delayMs: 40 }],
    });
    const { session, run, result, stored } = await executing(manager);
    const streaming = () => stored.filter((e) => e.type === 'message_streamed').length;
    expect(await eventually(() => streaming() >= 3, 10_000), 'three deltas streamed').toBe(true);
    await manager.interruptRun(run.id);
    const outcome = await result;
    expect(outcome.status).toBe('completed');
    expect(outcome.output?.stopReason).toBe('interrupted');
    const { events } = await expectRunInvariants(store, run.id);
    const streamed = events
      .filter((e) => e.type === 'message_streamed')
      .map((e) => String(e.data.delta))
      .join('');
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.length).toBeLessThan(words.join('').length);
    expect(outcome.output?.content).toBe(streamed);
    await expectNoProcessLeft(box);

    const claudeId = (await store.getSession(session.id)).providerSessionId;
    expect(claudeId).toMatch(/^[0-9a-f-]{36}$/);
    // The next run (an echo, on a new manager) continues the interrupted conversation.
    const again = kit.manager(store, kit.adapter({ turns: [] }, {}, box));
    const next = await runIn(again, session.id, 'Go on');
    expect(next.result.output?.content).toMatch(/^Echo: Go on \(history: [1-9]\d*\)$/);
    expect(flag(argvs(box)[1] ?? [], 'resume')).toBe(claudeId);
  });

  it('ends a turn waiting on canUseTool: interrupted, and the callback sees its signal abort', async () => {
    const box = kit.box();
    const store = kit.store('memory');
    let asked = false;
    let callbackAborted = false;
    const manager = kit.manager(
      store,
      kit.adapter(
        { turns: [{ toolUse: { name: 'Bash', input: { command: 'rm -rf /' }, output: '' } }] },
        {
          canUseTool: (_name, _input, { signal }) => {
            asked = true;
            return new Promise((resolve) => {
              signal.addEventListener('abort', () => {
                callbackAborted = true;
                resolve({ behavior: 'deny', message: 'aborted' });
              });
            });
          },
        },
        box,
      ),
    );
    const { run, result } = await executing(manager);
    expect(await eventually(() => asked, 10_000), 'canUseTool was asked').toBe(true);
    await manager.interruptRun(run.id);
    const outcome = await result;
    expect(outcome.status).toBe('completed');
    expect(outcome.output?.stopReason).toBe('interrupted');
    await expectRunInvariants(store, run.id);
    await expectNoProcessLeft(box);
    expect(await eventually(() => callbackAborted, 2_000)).toBe(true);
  });
});
