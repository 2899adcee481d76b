import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/claude-kit.js';
import {
  argvs,
  boxProcesses,
  type FakeBox,
  flag,
  ofType,
  runIn,
  turnPids,
  useFakeClaude,
} from '../../../test/support/fake-claude-kit.js';
import type { SessionManager } from '../../manager/session-manager.js';
import type { FakeClaudeScript } from '../../testing/fake-claude/index.js';

// Warm Claude sessions (`keepAlive`) through SessionManager on the fake Claude executable: later
// runs of a session go to the same open CLI process, which is closed after idleMs, when the session
// ends and on close(); a killed one is replaced; an interrupt keeps it; a failed run ends it.

const kit = useFakeClaude();

const setup = (script: FakeClaudeScript = { turns: [] }, idleMs = 60_000) =>
  kit.managed((box) => kit.adapter(script, { keepAlive: { idleMs } }, box));

/** Resolves true when every process of `box` is gone within `ms`. */
const allGone = (box: FakeBox, ms = 2_000) => eventually(() => boxProcesses(box).length === 0, ms);

async function warmSession(manager: SessionManager) {
  const session = await manager.startSession({ agentId: 'warm' });
  const first = await runIn(manager, session.id, 'One');
  expect(first.result.status).toBe('completed');
  return session;
}

describe('a warm Claude session', () => {
  it('runs 2 and 3 on the process of run 1, which keeps the conversation', async () => {
    const { box, manager } = setup();
    const session = await warmSession(manager);
    const second = await runIn(manager, session.id, 'Two');
    const third = await runIn(manager, session.id, 'Three');
    expect(second.result.output?.content).toBe('Echo: Two (history: 2)');
    expect(third.result.output?.content).toBe('Echo: Three (history: 4)');
    const pids = turnPids(box);
    expect(pids).toHaveLength(3);
    expect(new Set(pids).size).toBe(1);
    expect(argvs(box)).toHaveLength(1);
    // The process is still there, waiting for the next run.
    expect(boxProcesses(box).map((p) => p.pid)).toContain(pids[0]);
  });

  it('closes its process after idleMs without a run', async () => {
    const { box, manager } = setup({ turns: [] }, 300);
    await warmSession(manager);
    expect(boxProcesses(box).length).toBeGreaterThan(0);
    expect(await allGone(box, 3_000)).toBe(true);
  });

  it.each([
    ['completeSession', (m: SessionManager, id: string) => m.completeSession(id)],
    ['cancelSession', (m: SessionManager, id: string) => m.cancelSession(id, 'done')],
    ['failSession', (m: SessionManager, id: string) => m.failSession(id)],
  ])('closes its process on %s', async (_name, end) => {
    const { box, manager } = setup();
    const session = await warmSession(manager);
    expect(boxProcesses(box).length).toBeGreaterThan(0);
    await end(manager, session.id);
    expect(await allGone(box)).toBe(true);
  });

  it('closes its process on manager.close()', async () => {
    const { box, manager } = setup();
    await warmSession(manager);
    expect(boxProcesses(box).length).toBeGreaterThan(0);
    await manager.close();
    expect(await allGone(box)).toBe(true);
  });

  it('replaces a killed (SIGKILL) process on the next run, resuming the conversation', async () => {
    const { box, manager } = setup();
    const session = await warmSession(manager);
    const [pid] = turnPids(box);
    process.kill(pid ?? -1, 'SIGKILL');
    expect(await eventually(() => !boxProcesses(box).some((p) => p.pid === pid), 2_000)).toBe(true);
    const second = await runIn(manager, session.id, 'Two');
    expect(second.result.status).toBe('completed');
    expect(second.result.output?.content).toBe('Echo: Two (history: 2)');
    const pids = turnPids(box);
    expect(pids[1]).not.toBe(pid);
    const claudeId = (await manager.getSession(session.id)).providerSessionId;
    expect(flag(argvs(box)[1] ?? [], 'resume')).toBe(claudeId);
  });

  it('stays usable after an interrupted turn: the next run goes to the same process', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i} `);
    const { box, manager } = setup({
      turns: [{ text: words.join(''), chunks: words, delayMs: 40 }, { text: 'After.' }],
    });
    const session = await manager.startSession({ agentId: 'warm' });
    const run = await manager.startRun(session.id, 'Count slowly');
    let deltas = 0;
    const done = manager.executeRun(run.id, {
      onEvent: (event) => {
        if (event.type === 'message_streamed') deltas++;
      },
    });
    expect(await eventually(() => deltas >= 2, 5_000)).toBe(true);
    await manager.interruptRun(run.id);
    const first = await done;
    expect(first.status).toBe('completed');
    expect(first.output?.stopReason).toBe('interrupted');
    expect(words.join('').startsWith(first.output?.content ?? 'x')).toBe(true);
    expect(first.output?.content.length).toBeGreaterThan(0);

    const second = await runIn(manager, session.id, 'Go on');
    expect(second.result.status).toBe('completed');
    expect(second.result.output?.content).toBe('After.');
    const pids = turnPids(box);
    expect(pids).toHaveLength(2);
    expect(pids[1]).toBe(pids[0]);
  });

  it('ends its process when a run fails; the next run starts a new one', async () => {
    const { box, manager } = setup({ turns: [{ error: { status: 500 } }] });
    const session = await manager.startSession({ agentId: 'warm' });
    const first = await runIn(manager, session.id, 'One');
    expect(first.result.status).toBe('failed');
    expect(ofType(first.events, 'run_failed')).toHaveLength(1);
    expect(await allGone(box)).toBe(true);
    await runIn(manager, session.id, 'Two');
    const pids = turnPids(box);
    expect(pids).toHaveLength(2);
    expect(pids[1]).not.toBe(pids[0]);
  });

  it("records run 2's canUseTool decisions on run 2's tool events", async () => {
    const decided: string[] = [];
    const box = kit.box();
    const toolTurn = (command: string) => ({
      toolUse: { name: 'Bash', input: { command }, output: command },
      text: `Ran ${command}.`,
    });
    const manager = kit.manager(
      kit.store('memory'),
      kit.adapter(
        { turns: [toolTurn('ls'), toolTurn('pwd')] },
        {
          keepAlive: { idleMs: 60_000 },
          canUseTool: async (_name, input) => {
            decided.push(String(input.command));
            return input.command === 'ls'
              ? { behavior: 'allow', updatedInput: input }
              : { behavior: 'deny', message: 'not pwd' };
          },
        },
        box,
      ),
    );
    const session = await manager.startSession({ agentId: 'warm' });
    const first = await runIn(manager, session.id, 'One');
    const second = await runIn(manager, session.id, 'Two');
    expect(decided).toEqual(['ls', 'pwd']);
    expect(new Set(turnPids(box)).size).toBe(1);
    expect(ofType(first.events, 'tool_call_completed')[0]?.metadata.permission).toMatchObject({
      behavior: 'allow',
      input: { command: 'ls' },
    });
    const [failed] = ofType(second.events, 'tool_call_failed');
    expect(failed?.data).toMatchObject({ toolName: 'Bash', error: 'not pwd' });
    expect(failed?.metadata.permission).toEqual({
      toolName: 'Bash',
      input: { command: 'pwd' },
      behavior: 'deny',
      message: 'not pwd',
    });
  });

  it('a cancelled run ends the warm process at once; the next run starts a new one', async () => {
    const { box, store, manager } = setup({ turns: [{ text: 'Hello.' }, { hang: true }] });
    const session = await warmSession(manager);
    const run = await manager.startRun(session.id, 'Hang');
    let cancelledAt = 0;
    const done = manager.executeRun(run.id, {
      onEvent: (event) => {
        if (event.type === 'run_cancelled') cancelledAt = performance.now();
      },
    });
    expect(await eventually(() => turnPids(box).length === 2, 5_000)).toBe(true);
    const calledAt = performance.now();
    await manager.cancelRun(run.id);
    expect((await done).status).toBe('cancelled');
    expect(cancelledAt - calledAt).toBeLessThan(300);
    expect((await store.getRun(run.id)).status).toBe('cancelled');
    expect(await allGone(box)).toBe(true);
    const third = await runIn(manager, session.id, 'Three');
    expect(third.result.output?.content).toBe('Hello.');
    const pids = turnPids(box);
    expect(pids[2]).not.toBe(pids[0]);
  });

  it('a run that times out ends the warm process', async () => {
    const { box, store, manager } = setup({ turns: [{ hang: true }] });
    const session = await manager.startSession({ agentId: 'warm' });
    const run = await manager.startRun(session.id, 'Hang', { timeoutMs: 500 });
    const result = await manager.executeRun(run.id);
    expect(result.status).toBe('timeout');
    expect((await store.getRun(run.id)).status).toBe('timeout');
    expect(await allGone(box)).toBe(true);
  });

  it('interrupting a turn waiting on canUseTool keeps the process for the next run', async () => {
    const box = kit.box();
    let asked = 0;
    const manager = kit.manager(
      kit.store('memory'),
      kit.adapter(
        {
          turns: [
            { toolUse: { name: 'Bash', input: { command: 'ls' }, output: 'a' } },
            { text: 'Next.' },
          ],
        },
        {
          keepAlive: { idleMs: 60_000 },
          canUseTool: (_name, _input, { signal }) => {
            asked++;
            return new Promise((resolve) => {
              signal.addEventListener('abort', () => resolve({ behavior: 'deny', message: 'x' }));
            });
          },
        },
        box,
      ),
    );
    const session = await manager.startSession({ agentId: 'warm' });
    const run = await manager.startRun(session.id, 'List');
    const done = manager.executeRun(run.id);
    expect(await eventually(() => asked === 1, 5_000)).toBe(true);
    await manager.interruptRun(run.id);
    const first = await done;
    expect(first.status).toBe('completed');
    expect(first.output?.stopReason).toBe('interrupted');
    const second = await runIn(manager, session.id, 'Go on');
    expect(second.result.output?.content).toBe('Next.');
    const pids = turnPids(box);
    expect(pids).toHaveLength(2);
    expect(pids[1]).toBe(pids[0]);
  });

  it('manager.close() during a hanging run on a warm process cancels it and ends the process', async () => {
    const { box, store, manager } = setup({ turns: [{ text: 'Hi.' }, { hang: true }] });
    const session = await warmSession(manager);
    const run = await manager.startRun(session.id, 'Hang');
    const done = manager.executeRun(run.id);
    expect(await eventually(() => turnPids(box).length === 2, 5_000)).toBe(true);
    await manager.close();
    expect((await done).status).toBe('cancelled');
    expect((await store.getRun(run.id)).status).toBe('cancelled');
    expect(await allGone(box)).toBe(true);
  });
});
