import { describe, expect, it } from 'vitest';
import {
  alive,
  boxProcesses,
  type CodexBox,
  childPids,
  eventually,
  executing,
  prompts,
  resumes,
  runIn,
  useFakeCodex,
} from '../../../test/support/fake-codex-kit.js';
import { expectRunInvariants } from '../../../test/support/manager-kit.js';
import { expectNoProcessLeft as expectProcessesGone } from '../../../test/support/provider-runs.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { FakeCodexScript } from '../../testing/fake-codex/index.js';

// Cancel, the caller's abort, timeout, shutdown and interrupt of runs through SessionManager on the
// fake codex executable, whose turn hangs with a child `sleep` standing for a running command:
// each ends the run promptly and leaves neither the binary nor its command behind.

const kit = useFakeCodex();
const HANG: FakeCodexScript = { turns: [{ hang: true }] };

const setup = (script: FakeCodexScript = HANG) =>
  kit.managed((box) => kit.adapter(script, {}, box));

/** Wait until the fake of `box` runs the turn's command (its child sleep is started). */
async function commandRunning(box: CodexBox): Promise<number> {
  expect(await eventually(() => childPids(box).length > 0, 10_000), 'the turn started').toBe(true);
  const [child = 0] = childPids(box);
  expect(alive(child)).toBe(true);
  return child;
}

async function expectNoProcessLeft(box: CodexBox, child: number | null): Promise<void> {
  // The command counts as a process of the run while it lives, whether or not it kept the env.
  const left = () => [
    ...boxProcesses(box),
    ...(child !== null && alive(child) ? [{ pid: child, command: 'the command' }] : []),
  ];
  await expectProcessesGone(left, 2_000, 'processes of the run left');
  if (child !== null) expect(alive(child), 'the command of the run left').toBe(false);
}

describe('cancelling a hanging Codex run', () => {
  it('cancelRun stores run_cancelled within 200 ms; the binary and its command are gone within 2 s', async () => {
    const { box, store, manager } = setup();
    const { run, result, storedAt } = await executing(manager);
    const child = await commandRunning(box);
    expect(boxProcesses(box).length).toBeGreaterThan(1);
    const calledAt = performance.now();
    await manager.cancelRun(run.id, 'enough');
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    expect((storedAt.get('run_cancelled') ?? Infinity) - calledAt).toBeLessThan(200);
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run_cancelled', data: { reason: 'enough' } });
    await expectNoProcessLeft(box, child);
  });

  it("aborting the caller's signal cancels the run and ends the binary and its command", async () => {
    const { box, store, manager } = setup();
    const controller = new AbortController();
    const { run, result, storedAt } = await executing(manager, { signal: controller.signal });
    const child = await commandRunning(box);
    const calledAt = performance.now();
    controller.abort();
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('cancelled');
    expect((storedAt.get('run_cancelled') ?? Infinity) - calledAt).toBeLessThan(200);
    await expectRunInvariants(store, run.id);
    await expectNoProcessLeft(box, child);
  });

  it('timeoutMs stores run_timeout and ends the binary and its command', async () => {
    const { box, store, manager } = setup();
    const started = performance.now();
    const { run, result } = await executing(manager, { timeoutMs: 800 });
    const child = await commandRunning(box);
    const outcome = await result;
    const took = performance.now() - started;
    expect(outcome.status).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(750);
    expect(took).toBeLessThan(800 + 2_000);
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run_timeout', data: { timeoutMs: 800 } });
    expect(prompts(box)).toHaveLength(1);
    await expectNoProcessLeft(box, child);
  });

  it('manager.close() during a hanging run ends it as cancelled and ends the binary', async () => {
    const { box, store, manager } = setup();
    const { run, result } = await executing(manager);
    const child = await commandRunning(box);
    await manager.close();
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    const { events } = await expectRunInvariants(store, run.id);
    expect(events.at(-1)?.type).toBe('run_cancelled');
    await expectNoProcessLeft(box, child);
  });
});

describe('after a cancelled run', () => {
  it("the session's next run resumes the thread, with its own usage", async () => {
    const usage = { input_tokens: 40, output_tokens: 4 };
    const { box, store, manager } = setup({
      turns: [{ text: 'First.', usage }, { hang: true }, { text: 'Third.', usage }],
    });
    const session = await manager.startSession({ agentId: 'after-cancel' });
    const first = await runIn(manager, session.id, 'One');
    const threadId = (await store.getSession(session.id)).providerSessionId;
    const run = await manager.startRun(session.id, 'Two');
    const result = manager.executeRun(run.id);
    const child = await commandRunning(box);
    await manager.cancelRun(run.id);
    expect((await result).status).toBe('cancelled');
    await expectNoProcessLeft(box, child);

    const third = await runIn(manager, session.id, 'Three');
    expect(third.result.output?.content).toBe('Third.');
    expect(resumes(box)).toEqual([undefined, threadId, threadId]);
    expect((await store.getSession(session.id)).providerSessionId).toBe(threadId);
    expect(third.result.tokenUsage).toEqual(first.result.tokenUsage);
    expect(third.result.tokenUsage).toMatchObject({ inputTokens: 40, outputTokens: 4 });
  });
});

describe('interrupting a Codex run', () => {
  it('is capability_not_supported (Codex has no interrupt); the run goes on and can be cancelled', async () => {
    const { box, store, manager } = setup();
    const { run, result } = await executing(manager);
    const child = await commandRunning(box);
    const refused = await manager.interruptRun(run.id).then(
      () => null,
      (error: unknown) => error,
    );
    expect(AgentSessionError.isInstance(refused) && refused.code).toBe('capability_not_supported');
    expect((await store.getRun(run.id)).status).toBe('running');
    expect(alive(child)).toBe(true);
    await manager.cancelRun(run.id);
    expect((await result).status).toBe('cancelled');
    await expectNoProcessLeft(box, child);
  });
});
