import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/core/session-event.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import type { FakeAnthropicRequest } from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import {
  type ClaudeSandbox,
  eventually,
  type FoundProcess,
  sandboxProcesses,
  useClaudeFake,
} from '../support/claude-kit.js';

// Warm Claude sessions (`keepAlive`) on the real Claude Code CLI against the fake Anthropic
// server: later runs of a session go to the same open CLI process, which is closed after the idle
// time, on completeSession, cancelSession and close(); a killed one is replaced; an interrupted
// turn leaves it usable.

const kit = useClaudeFake();
const managers: SessionManager[] = [];

afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

/** A manager with a warm Claude adapter in a sandbox of its own. */
function setup(idleMs = 60_000) {
  const sandbox = kit.sandbox();
  const manager = new SessionManager({
    store: new InMemorySessionStore(),
    adapter: kit.adapter({ keepAlive: { idleMs } }, sandbox),
    telemetry: false,
  });
  managers.push(manager);
  return { sandbox, manager };
}

interface TimedRun {
  readonly runId: string;
  readonly status: string;
  readonly content: string | undefined;
  readonly stopReason: string | null | undefined;
  /** From `executeRun` to the first `message_streamed` (ms), or null when none came. */
  readonly firstTokenMs: number | null;
}

async function timedRun(
  manager: SessionManager,
  sessionId: string,
  input: string,
  onEvent: (event: SessionEvent, runId: string) => void = () => {},
): Promise<TimedRun> {
  const run = await manager.startRun(sessionId, input);
  const started = performance.now();
  let firstTokenMs: number | null = null;
  const result = await manager.executeRun(run.id, {
    onEvent: (event) => {
      if (event.type === 'message_streamed' && firstTokenMs === null) {
        firstTokenMs = performance.now() - started;
      }
      onEvent(event, run.id);
    },
  });
  return {
    runId: run.id,
    status: result.status,
    content: result.output?.content,
    stopReason: result.output?.stopReason,
    firstTokenMs,
  };
}

const pidsOf = (processes: readonly FoundProcess[]) => processes.map((p) => p.pid).sort();

/** The sandbox's live processes; fails when there are none (no warm process). */
function warmPids(sandbox: ClaudeSandbox): number[] {
  const pids = pidsOf(sandboxProcesses(sandbox));
  expect(pids.length, 'live processes of the sandbox').toBeGreaterThan(0);
  return pids;
}

/** Expect every process of the sandbox gone within `ms`. */
async function expectNoProcessLeft(sandbox: ClaudeSandbox, ms = 5_000): Promise<void> {
  const gone = await eventually(() => sandboxProcesses(sandbox).length === 0, ms);
  expect(gone ? [] : sandboxProcesses(sandbox), 'processes of the sandbox left').toEqual([]);
}

interface ApiMessage {
  readonly role: string;
  readonly content: unknown;
}

/**
 * The user and assistant messages' roles and texts (without the CLI's `<system-reminder>` blocks),
 * those with text only. A warm CLI also sends `role: 'system'` messages (its environment) between
 * the turns, which are left out.
 */
function textTurns(request: FakeAnthropicRequest | undefined): { role: string; text: string }[] {
  const body = request?.body as { messages?: ApiMessage[] } | null | undefined;
  return (body?.messages ?? [])
    .map((m) => {
      const blocks: unknown[] =
        typeof m.content === 'string'
          ? [{ type: 'text', text: m.content }]
          : Array.isArray(m.content)
            ? m.content
            : [];
      const text = blocks
        .map((b) => b as { type?: unknown; text?: unknown })
        .filter((b) => b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text as string)
        .filter((t) => !t.trimStart().startsWith('<system-reminder>'))
        .join('');
      return { role: m.role, text };
    })
    .filter((t) => t.text !== '' && (t.role === 'user' || t.role === 'assistant'));
}

describe('a warm Claude session', () => {
  it('runs later turns in the same CLI process, which answers sooner', async () => {
    const { sandbox, manager } = setup();
    const session = await manager.startSession({ agentId: 'warm' });
    kit.fake.enqueue({ text: 'First answer', chunks: 3 });
    const first = await timedRun(manager, session.id, 'First question');
    expect(first.status).toBe('completed');
    const pids = warmPids(sandbox);
    const claudeId = (await manager.getSession(session.id)).providerSessionId;

    kit.fake.enqueue({ text: 'Second answer', chunks: 3 });
    const before = kit.fake.messageRequests().length;
    const second = await timedRun(manager, session.id, 'Second question');
    expect(second).toMatchObject({ status: 'completed', content: 'Second answer' });
    expect(warmPids(sandbox)).toEqual(pids);

    const third = await timedRun(manager, session.id, 'Third question');
    expect(third).toMatchObject({ status: 'completed', content: 'Echo: Third question' });
    expect(warmPids(sandbox)).toEqual(pids);
    expect((await manager.getSession(session.id)).providerSessionId).toBe(claudeId);

    // The process kept the conversation: run 3's request holds runs 1 and 2 as messages.
    const requests = kit.fake.messageRequests().slice(before);
    expect(textTurns(requests.at(-1))).toEqual([
      { role: 'user', text: 'First question' },
      { role: 'assistant', text: 'First answer' },
      { role: 'user', text: 'Second question' },
      { role: 'assistant', text: 'Second answer' },
      { role: 'user', text: 'Third question' },
    ]);

    expect(first.firstTokenMs).not.toBeNull();
    expect(second.firstTokenMs).not.toBeNull();
    expect(second.firstTokenMs ?? Number.POSITIVE_INFINITY).toBeLessThan(first.firstTokenMs ?? 0);
  });

  it('closes its process after idleMs without a run', async () => {
    const { sandbox, manager } = setup(1_500);
    const session = await manager.startSession({ agentId: 'idle' });
    const run = await timedRun(manager, session.id, 'Hello');
    expect(run.status).toBe('completed');
    warmPids(sandbox);
    await expectNoProcessLeft(sandbox, 8_000);
  });

  it('closes its process on completeSession', async () => {
    const { sandbox, manager } = setup();
    const session = await manager.startSession({ agentId: 'complete' });
    await timedRun(manager, session.id, 'Hello');
    warmPids(sandbox);
    await manager.completeSession(session.id);
    await expectNoProcessLeft(sandbox);
  });

  it('closes its process on cancelSession', async () => {
    const { sandbox, manager } = setup();
    const session = await manager.startSession({ agentId: 'cancel' });
    await timedRun(manager, session.id, 'Hello');
    warmPids(sandbox);
    await manager.cancelSession(session.id, 'no longer needed');
    await expectNoProcessLeft(sandbox);
  });

  it('closes its process on manager.close()', async () => {
    const { sandbox, manager } = setup();
    const session = await manager.startSession({ agentId: 'shutdown' });
    await timedRun(manager, session.id, 'Hello');
    warmPids(sandbox);
    await manager.close();
    await expectNoProcessLeft(sandbox);
  });

  // Right after the kill the dead CLI may not be reaped yet, so the adapter has not seen its exit
  // when the next run starts; once reaped, it has.
  it.each([
    ['before its exit is seen', false],
    ['after its exit is seen', true],
  ])(
    'replaces a process killed between runs (%s) and resumes the conversation',
    async (_, reaped) => {
      const { sandbox, manager } = setup();
      const session = await manager.startSession({ agentId: 'crash' });
      await timedRun(manager, session.id, 'Remember the colour green');
      const claudeId = (await manager.getSession(session.id)).providerSessionId;
      const pids = warmPids(sandbox);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      await expectNoProcessLeft(sandbox);
      if (reaped) {
        const gone = await eventually(
          () => pids.every((pid) => !existsSync(`/proc/${pid}`)),
          5_000,
        );
        expect(gone, 'the killed CLI was reaped').toBe(true);
      }

      const before = kit.fake.messageRequests().length;
      const second = await timedRun(manager, session.id, 'Which colour?');
      const error = (await manager.getRun(second.runId)).error;
      expect(error).toBeNull();
      expect(second).toMatchObject({ status: 'completed', content: 'Echo: Which colour?' });
      expect((await manager.getSession(session.id)).providerSessionId).toBe(claudeId);
      const replacement = warmPids(sandbox);
      expect(replacement.some((pid) => pids.includes(pid))).toBe(false);
      const requests = kit.fake.messageRequests().slice(before);
      expect(requests).toHaveLength(1);
      expect(textTurns(requests[0])).toEqual([
        { role: 'user', text: 'Remember the colour green' },
        { role: 'assistant', text: 'Echo: Remember the colour green' },
        { role: 'user', text: 'Which colour?' },
      ]);
    },
  );

  it('stops an interrupted turn and runs the next one on the same process', async () => {
    const { sandbox, manager } = setup();
    const session = await manager.startSession({ agentId: 'interrupt' });
    await timedRun(manager, session.id, 'Warm up');
    const pids = warmPids(sandbox);

    kit.fake.enqueue({ text: 'word '.repeat(40), chunks: 40, delayMs: 100 });
    let interrupting: Promise<unknown> | null = null;
    const stopped = await timedRun(manager, session.id, 'Talk for a while', (event, runId) => {
      if (event.type === 'message_streamed' && interrupting === null) {
        interrupting = manager.interruptRun(runId);
      }
    });
    expect(interrupting).not.toBeNull();
    await interrupting;
    expect(stopped.stopReason).toBe('interrupted');
    expect(stopped.content?.length ?? 0).toBeLessThan('word '.repeat(40).length);
    expect(warmPids(sandbox)).toEqual(pids);

    const next = await timedRun(manager, session.id, 'Are you there?');
    expect(next).toMatchObject({ status: 'completed', content: 'Echo: Are you there?' });
    expect(warmPids(sandbox)).toEqual(pids);
  });
});
