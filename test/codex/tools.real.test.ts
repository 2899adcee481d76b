import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/core/session-event.js';
import { SessionManager } from '../../src/manager/session-manager.js';
import { InMemorySessionStore } from '../../src/stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import { bodyText, useCodexFake } from '../support/codex-kit.js';
import { expectRunInvariants } from '../support/manager-kit.js';
import { ofType, runIn } from '../support/provider-runs.js';

// Real commands and file changes of the Codex binary (against the fake Responses API) in a
// workspace-write sandbox, through a SessionManager: tool events with the command, its output and
// exit code, the patch's changes, and the effects on disk.

const kit = useCodexFake();
const managers: SessionManager[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
  for (const close of closers.splice(0)) await close();
});

function setup(kind: 'memory' | 'sqlite') {
  const box = kit.sandbox();
  const store =
    kind === 'memory'
      ? new InMemorySessionStore()
      : new SqliteSessionStore({ path: join(box.dir, 'sessions.db') });
  closers.push(() => store.close());
  const manager = new SessionManager({
    store,
    adapter: kit.adapter({ sandboxMode: 'workspace-write' }, box),
    telemetry: false,
  });
  managers.push(manager);
  return { box, store, manager };
}

const idOf = (event: SessionEvent | undefined) => event?.data.toolCallId;

describe.each(['memory', 'sqlite'] as const)('Codex tools on the %s store', (kind) => {
  it('runs a real command in the workspace: tool_call_started with the command, then completed with output and exit code 0', async () => {
    const { box, store, manager } = setup(kind);
    kit.fake.enqueue({ command: 'echo hi > out.txt && cat out.txt' });
    const before = kit.fake.responseRequests().length;
    const session = await manager.startSession({ agentId: 'shell' });
    const { run, result, events } = await runIn(manager, session.id, 'Write hi to out.txt');

    expect(result.status).toBe('completed');
    expect(result.output?.content).toBe('Done.');
    const started = ofType(events, 'tool_call_started');
    const completed = ofType(events, 'tool_call_completed');
    expect(started.map((e) => e.data)).toEqual([
      {
        toolCallId: expect.any(String),
        toolName: 'command_execution',
        toolInput: { command: expect.stringContaining('echo hi > out.txt && cat out.txt') },
      },
    ]);
    expect(completed.map((e) => e.data)).toEqual([
      {
        toolCallId: idOf(started[0]),
        toolName: 'command_execution',
        toolOutput: { output: 'hi\n', exitCode: 0 },
      },
    ]);
    expect(started[0]?.seq ?? 0).toBeLessThan(completed[0]?.seq ?? 0);
    expect(ofType(events, 'tool_call_failed')).toEqual([]);
    expect(readFileSync(join(box.workspace, 'out.txt'), 'utf8')).toBe('hi\n');
    expect(result.output?.toolCalls).toEqual([started[0]?.data]);
    // The output went back to the model.
    const requests = kit.fake.responseRequests().slice(before);
    expect(requests).toHaveLength(2);
    expect(bodyText(requests[1])).toContain('function_call_output');
    await expectRunInvariants(store, run.id);
  });

  it('reports a command exiting non-zero as tool_call_failed with the exit code; the run completes', async () => {
    const { store, manager } = setup(kind);
    kit.fake.enqueue({ command: 'echo oops && exit 3' });
    const session = await manager.startSession({ agentId: 'shell' });
    const { run, result, events } = await runIn(manager, session.id, 'Fail on purpose');

    expect(result.status).toBe('completed');
    expect(ofType(events, 'tool_call_started')).toHaveLength(1);
    expect(ofType(events, 'tool_call_completed')).toEqual([]);
    const failed = ofType(events, 'tool_call_failed');
    expect(failed.map((e) => e.data)).toEqual([
      {
        toolCallId: idOf(ofType(events, 'tool_call_started')[0]),
        toolName: 'command_execution',
        error: expect.stringContaining('exit code 3'),
      },
    ]);
    expect(String(failed[0]?.data.error)).toContain('oops');
    await expectRunInvariants(store, run.id);
  });

  it('applies a real apply_patch: tool events with the changes, and the file exists', async () => {
    const { box, store, manager } = setup(kind);
    kit.fake.enqueue({
      patch: '*** Begin Patch\n*** Add File: notes/hello.txt\n+hello patch\n*** End Patch',
    });
    const session = await manager.startSession({ agentId: 'patcher' });
    const { run, result, events } = await runIn(manager, session.id, 'Add a file');

    expect(result.status).toBe('completed');
    const path = join(box.workspace, 'notes', 'hello.txt');
    const changes = [{ path, kind: 'add' }];
    expect(ofType(events, 'tool_call_started').map((e) => e.data)).toEqual([
      { toolCallId: expect.any(String), toolName: 'file_change', toolInput: { changes } },
    ]);
    expect(ofType(events, 'tool_call_completed').map((e) => e.data)).toEqual([
      { toolCallId: expect.any(String), toolName: 'file_change', toolOutput: { changes } },
    ]);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('hello patch\n');
    await expectRunInvariants(store, run.id);
  });
});
