import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Codex,
  type SandboxMode,
  type ThreadEvent,
  type ThreadItem,
  type ThreadOptions,
} from '@openai/codex-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponses, FakeResponsesReply } from './fake-responses-types.js';
import { startFakeResponses } from './start-fake-responses.js';

// The real Codex CLI (from @openai/codex, which @openai/codex-sdk runs) against the fake, offline.
let fake: FakeResponses;
let dir: string;
let workspace: string;
beforeEach(async () => {
  fake = await startFakeResponses();
  dir = mkdtempSync(join(tmpdir(), 'fake-responses-real-'));
  workspace = join(dir, 'workspace');
  mkdirSync(workspace);
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Collected {
  events: ThreadEvent[];
  thrown: unknown;
  totalMs: number;
  threadId: string | undefined;
}

const codex = () => new Codex({ config: fake.codexConfig(), env: fake.env({ dir }) });

const threadOptions = (sandboxMode: SandboxMode = 'workspace-write'): ThreadOptions => ({
  workingDirectory: workspace,
  skipGitRepoCheck: true,
  model: 'gpt-5.5',
  sandboxMode,
});

async function collect(
  prompt: string,
  options: {
    resume?: string;
    sandboxMode?: SandboxMode;
    signal?: AbortSignal;
    onEvent?: (event: ThreadEvent) => void;
  } = {},
): Promise<Collected> {
  const client = codex();
  const thread =
    options.resume === undefined
      ? client.startThread(threadOptions(options.sandboxMode))
      : client.resumeThread(options.resume, threadOptions(options.sandboxMode));
  const started = Date.now();
  const events: ThreadEvent[] = [];
  let thrown: unknown;
  try {
    const turn = await thread.runStreamed(
      prompt,
      options.signal === undefined ? {} : { signal: options.signal },
    );
    for await (const event of turn.events) {
      events.push(event);
      options.onEvent?.(event);
    }
  } catch (error) {
    thrown = error;
  }
  return { events, thrown, totalMs: Date.now() - started, threadId: thread.id ?? undefined };
}

const completedItems = (events: readonly ThreadEvent[]): ThreadItem[] =>
  events.flatMap((e) => (e.type === 'item.completed' ? [e.item] : []));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function processesNaming(text: string): string[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => line.includes(text) && !line.includes(' ps -eo'));
}

const run = async (prompt: string, ...replies: FakeResponsesReply[]) => {
  fake.enqueue(...replies);
  return collect(prompt);
};

describe('the real Codex CLI against startFakeResponses', () => {
  it('turns a text reply into one agent_message and a turn.completed with the usage sent', async () => {
    const result = await run('Say hello', {
      text: 'Hello from the fake model.',
      chunks: 3,
      usage: { input_tokens: 42, cached_input_tokens: 7, output_tokens: 9 },
    });
    expect(result.thrown).toBeUndefined();
    expect(result.events.map((e) => e.type)).toEqual([
      'thread.started',
      'turn.started',
      'item.completed',
      'turn.completed',
    ]);
    expect(completedItems(result.events)).toEqual([
      { id: 'item_0', type: 'agent_message', text: 'Hello from the fake model.' },
    ]);
    expect(result.events.at(-1)).toMatchObject({
      type: 'turn.completed',
      usage: { input_tokens: 42, cached_input_tokens: 7, output_tokens: 9 },
    });
    const [request, ...others] = fake.responseRequests();
    expect(others).toEqual([]);
    expect(fake.requests).toHaveLength(1); // no WebSocket attempt, no other traffic
    expect(request?.headers.authorization).toBe('[redacted]');
    expect(request?.body).toMatchObject({ model: 'gpt-5.5', stream: true });
    console.info(`runStreamed to the end: ${result.totalMs} ms`);
  });

  it('echoes the prompt by default', async () => {
    const result = await collect('What did I say?');
    expect(completedItems(result.events)).toEqual([
      expect.objectContaining({ type: 'agent_message', text: 'Echo: What did I say?' }),
    ]);
  });

  it('gives a reasoning item before the message', async () => {
    const result = await run('Think', { reasoning: 'Weighing it up.', text: 'Answer.' });
    expect(completedItems(result.events).map((i) => [i.type, 'text' in i ? i.text : ''])).toEqual([
      ['reasoning', 'Weighing it up.'],
      ['agent_message', 'Answer.'],
    ]);
  });

  it('runs a command in a workspace-write sandbox and sends its output back', async () => {
    const result = await run('Write a file', { command: 'echo hi > out.txt; echo written' });
    expect(result.thrown).toBeUndefined();
    const command = completedItems(result.events).find((i) => i.type === 'command_execution');
    expect(command).toMatchObject({
      command: "/bin/bash -lc 'echo hi > out.txt; echo written'",
      aggregated_output: 'written\n',
      exit_code: 0,
      status: 'completed',
    });
    expect(readFileSync(join(workspace, 'out.txt'), 'utf8')).toBe('hi\n');
    expect(completedItems(result.events).at(-1)).toMatchObject({ text: 'Done.' });
    const second = JSON.stringify(fake.responseRequests()[1]?.body);
    expect(second).toContain('function_call_output');
    expect(second).toContain('written');
  });

  it('denies a write in the read-only sandbox and then shows no command_execution item', async () => {
    fake.enqueue({ command: 'echo hi > out.txt' });
    const result = await collect('Write a file', { sandboxMode: 'read-only' });
    expect(result.thrown).toBeUndefined();
    // The CLI treats the failure as a sandbox denial: the model gets the output, the stream no item.
    expect(completedItems(result.events).map((i) => i.type)).toEqual(['agent_message']);
    expect(existsSync(join(workspace, 'out.txt'))).toBe(false);
    const second = JSON.stringify(fake.responseRequests()[1]?.body);
    expect(second).toContain('Read-only file system');
  });

  it('reports a failing command with its exit code', async () => {
    const result = await run('Fail', { command: 'echo oops; exit 3' });
    const command = completedItems(result.events).find((i) => i.type === 'command_execution');
    expect(command).toMatchObject({ aggregated_output: 'oops\n', exit_code: 3, status: 'failed' });
  });

  it('applies a patch as a file_change item and writes the file', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch';
    const result = await run('Add a file', { patch });
    expect(result.thrown).toBeUndefined();
    const change = completedItems(result.events).find((i) => i.type === 'file_change');
    expect(change).toMatchObject({
      changes: [{ path: join(workspace, 'hello.txt'), kind: 'add' }],
      status: 'completed',
    });
    expect(readFileSync(join(workspace, 'hello.txt'), 'utf8')).toBe('hi\n');
    expect(JSON.stringify(fake.responseRequests()[1]?.body)).toContain('custom_tool_call_output');
  });

  it.each([
    [401, 'unexpected status 401'],
    [403, 'unexpected status 403'],
    [429, 'last status: 429'],
    [500, 'high demand'],
    [503, 'unexpected status 503'],
  ])('turns HTTP %i into an error event, turn.failed, then a throw', async (status, text) => {
    const result = await run('Say hello', { error: { status } });
    const types = result.events.map((e) => e.type);
    expect(types).toEqual(['thread.started', 'turn.started', 'error', 'turn.failed']);
    const failed = result.events.at(-1);
    expect(failed?.type === 'turn.failed' && failed.error.message).toContain(text);
    expect(result.thrown).toBeInstanceOf(Error);
    expect(String(result.thrown)).toContain('Codex Exec exited with code 1');
    expect(fake.responseRequests()).toHaveLength(1); // no retries
  });

  it('turns a response.failed event into turn.failed with its message', async () => {
    const result = await run('Say hello', { failed: { message: 'Something broke' } });
    const failed = result.events.at(-1);
    expect(failed?.type === 'turn.failed' && failed.error.message).toBe(
      'stream disconnected before completion: Something broke',
    );
    expect(result.thrown).toBeInstanceOf(Error);
  });

  it('sends the first run items again on resumeThread and keeps usage cumulative', async () => {
    const first = await run('Remember blue', { text: 'Blue noted.', usage: { input_tokens: 10 } });
    expect(first.threadId).toEqual(expect.any(String));
    fake.enqueue({ text: 'It was blue.', usage: { input_tokens: 20 } });
    const second = await collect('What colour?', { resume: first.threadId });
    expect(second.thrown).toBeUndefined();
    expect(second.events[0]).toEqual({ type: 'thread.started', thread_id: first.threadId });
    const body = JSON.stringify(fake.responseRequests()[1]?.body);
    expect(body).toContain('Remember blue');
    expect(body).toContain('Blue noted.');
    expect(body).toContain('What colour?');
    expect(second.events.at(-1)).toMatchObject({ usage: { input_tokens: 30 } });
    const sessions = join(dir, 'codex-home', 'sessions');
    const rollouts = readdirSync(sessions, { recursive: true, encoding: 'utf8' }).filter((p) =>
      p.endsWith(`-${first.threadId}.jsonl`),
    );
    expect(rollouts).toEqual([expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/rollout-.+\.jsonl$/)]);
  });

  it('ends the iterator fast when the signal aborts a hanging turn', async () => {
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    let abortedAt = 0;
    let runningAtAbort: string[] = [];
    const result = await collect('Say hello slowly', {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type !== 'turn.started') return;
        // Give the CLI time to send its request, then abort.
        setTimeout(() => {
          runningAtAbort = processesNaming(fake.url);
          abortedAt = Date.now();
          controller.abort();
        }, 300);
      },
    });
    const endedMs = Date.now() - abortedAt;
    console.info(`abort to the end of the iterator: ${endedMs} ms`);
    expect(abortedAt).toBeGreaterThan(0);
    expect(endedMs).toBeLessThan(2_000);
    expect(result.thrown).toBeInstanceOf(Error);
    expect((result.thrown as Error).name).toBe('AbortError');
    expect(fake.responseRequests()).toHaveLength(1);
    // The CLI's command line names this server's url: once it is gone, no process is left.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && processesNaming(fake.url).length > 0) await sleep(25);
    console.info(`abort to no process left: ${Date.now() - abortedAt} ms`);
    expect(runningAtAbort.length).toBeGreaterThan(0);
    expect(processesNaming(fake.url)).toEqual([]);
  });
});
