import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Codex, type ThreadEvent } from '@openai/codex-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCodexEnv } from './fake-codex-env.js';
import { fakeCodexExecutable } from './fake-codex-executable.js';
import {
  type CodexDirs,
  eventually,
  makeCodexDirs,
  processesWithEnv,
  readLog,
  runFake,
} from './fake-codex-run.js';
import { findRollout } from './rollout.js';

let dirs: CodexDirs;
beforeEach(() => {
  dirs = makeCodexDirs();
});
afterEach(() => dirs.remove());

const types = (events: ThreadEvent[]) => events.map((e) => e.type);
const items = (events: ThreadEvent[], type: string) =>
  events.flatMap((e) =>
    (e.type === 'item.started' || e.type === 'item.completed') && e.item.type === type
      ? [{ event: e.type, ...e.item }]
      : [],
  );
const usageOf = (events: ThreadEvent[]) =>
  events.flatMap((e) => (e.type === 'turn.completed' ? [e.usage] : []))[0];

describe('fake codex executable through the real Codex SDK: turns', () => {
  it('answers with a reasoning item, the agent message and usage, on a UUID-shaped thread', async () => {
    const usage = {
      input_tokens: 9,
      cached_input_tokens: 2,
      cache_write_input_tokens: 1,
      output_tokens: 4,
      reasoning_output_tokens: 3,
    };
    const run = await runFake(
      dirs,
      { turns: [{ text: 'Hello!', reasoning: 'Thinking.', usage }] },
      'hi',
    );
    expect(run.thrown).toBeUndefined();
    expect(types(run.events)).toEqual([
      'thread.started',
      'turn.started',
      'item.completed',
      'item.completed',
      'turn.completed',
    ]);
    expect(run.threadId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(run.events[2]).toEqual({
      type: 'item.completed',
      item: { id: 'item_0', type: 'reasoning', text: 'Thinking.' },
    });
    expect(run.events[3]).toEqual({
      type: 'item.completed',
      item: { id: 'item_1', type: 'agent_message', text: 'Hello!' },
    });
    expect(usageOf(run.events)).toEqual(usage);
    const rollout = findRollout(dirs.codexHome, run.threadId as string) as string;
    expect(rollout).toMatch(
      /sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.jsonl$/,
    );
    const first = JSON.parse(readFileSync(rollout, 'utf8').split('\n')[0] as string);
    expect(first).toMatchObject({
      type: 'session_meta',
      payload: {
        id: run.threadId,
        cwd: dirs.workspace,
        source: 'exec',
        originator: 'codex_sdk_ts',
      },
    });
  });

  it('echoes the prompt with its history when the script has no turns', async () => {
    const run = await runFake(dirs, { turns: [] }, 'ping');
    expect(items(run.events, 'agent_message')).toMatchObject([{ text: 'Echo: ping (history: 0)' }]);
  });

  it('reports a command as command_execution started and completed, failed on a non-zero code', async () => {
    const script = {
      turns: [{ command: { command: "echo it's", output: "it's\n" }, text: 'Ran it.' }],
    };
    const run = await runFake(dirs, script, 'run it');
    const command = "/bin/bash -lc 'echo it'\"'\"'s'";
    expect(items(run.events, 'command_execution')).toEqual([
      {
        event: 'item.started',
        id: 'item_0',
        type: 'command_execution',
        command,
        aggregated_output: '',
        exit_code: null,
        status: 'in_progress',
      },
      {
        event: 'item.completed',
        id: 'item_0',
        type: 'command_execution',
        command,
        aggregated_output: "it's\n",
        exit_code: 0,
        status: 'completed',
      },
    ]);
    expect(items(run.events, 'agent_message')).toMatchObject([{ id: 'item_1', text: 'Ran it.' }]);
    const failing = { turns: [{ command: { command: 'false', output: '', exitCode: 3 } }] };
    const failed = await runFake(dirs, failing, 'fail');
    expect(failed.thrown).toBeUndefined();
    expect(items(failed.events, 'command_execution')[1]).toMatchObject({
      exit_code: 3,
      status: 'failed',
    });
  });

  it('makes a file change in the working directory and reports its absolute path', async () => {
    const add = { turns: [{ fileChange: { path: 'notes/a.txt', kind: 'add', content: 'one\n' } }] };
    const run = await runFake(dirs, add as never, 'write');
    const path = join(dirs.workspace, 'notes/a.txt');
    expect(readFileSync(path, 'utf8')).toBe('one\n');
    expect(items(run.events, 'file_change')).toEqual([
      {
        event: 'item.started',
        id: 'item_0',
        type: 'file_change',
        changes: [{ path, kind: 'add' }],
        status: 'in_progress',
      },
      {
        event: 'item.completed',
        id: 'item_0',
        type: 'file_change',
        changes: [{ path, kind: 'add' }],
        status: 'completed',
      },
    ]);
    await runFake(
      dirs,
      { turns: [{ fileChange: { path, kind: 'update', content: 'two\n' } }] },
      'u',
    );
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
    await runFake(dirs, { turns: [{ fileChange: { path, kind: 'delete' } }] }, 'd');
    expect(existsSync(path)).toBe(false);
    const missing = await runFake(dirs, { turns: [{ fileChange: { path, kind: 'delete' } }] }, 'd');
    expect(items(missing.events, 'file_change')[1]).toMatchObject({ status: 'failed' });
  });

  it('starts a todo list before the answer and completes it at the end of the turn', async () => {
    const todo = [
      { text: 'read', completed: true },
      { text: 'write', completed: false },
    ];
    const run = await runFake(dirs, { turns: [{ todo, text: 'Planned.' }] }, 'plan');
    expect(run.events.slice(2).map((e) => `${e.type}:${'item' in e ? e.item.type : ''}`)).toEqual([
      'item.started:todo_list',
      'item.completed:agent_message',
      'item.completed:todo_list',
      'turn.completed:',
    ]);
    expect(items(run.events, 'todo_list')[1]).toMatchObject({ id: 'item_0', items: todo });
  });

  it('gives a warning as a top-level error event, or as an error item, and still completes', async () => {
    const run = await runFake(
      dirs,
      { turns: [{ warning: 'Reconnecting... 1/5', text: 'OK' }] },
      'w',
    );
    expect(run.thrown).toBeUndefined();
    expect(run.events).toContainEqual({ type: 'error', message: 'Reconnecting... 1/5' });
    expect(types(run.events).at(-1)).toBe('turn.completed');
    const asItem = await runFake(
      dirs,
      { turns: [{ warning: 'Model metadata', asItem: true }] },
      'w',
    );
    expect(items(asItem.events, 'error')).toMatchObject([{ message: 'Model metadata' }]);
    expect(types(asItem.events)).not.toContain('error');
  });
});

describe('fake codex executable: failures', () => {
  it.each([
    [
      401,
      /^unexpected status 401 Unauthorized: bad key, url: https:\/\/api\.openai\.com\/v1\/responses, request id: req_[0-9a-f]{32}$/,
    ],
    [403, /^unexpected status 403 Forbidden: bad key, url: /],
    [
      429,
      /^exceeded retry limit, last status: 429 Too Many Requests, request id: req_[0-9a-f]{32}$/,
    ],
    [500, /^We’re currently experiencing high demand, which may cause temporary errors\.$/],
    [503, /^unexpected status 503 Service Unavailable: bad key, url: /],
    [400, /^\{"error":\{"message":"bad key"/],
  ])(
    'HTTP %i: an error event and turn.failed with the real CLI text, then the SDK throws',
    async (status, text) => {
      const run = await runFake(dirs, { turns: [{ error: { status, message: 'bad key' } }] }, 'hi');
      expect(types(run.events)).toEqual(['thread.started', 'turn.started', 'error', 'turn.failed']);
      const failed = run.events[3] as { error: { message: string } };
      expect(failed.error.message).toMatch(text);
      expect(run.events[2]).toEqual({ type: 'error', message: failed.error.message });
      expect(run.thrown?.message).toMatch(
        /^Codex Exec exited with code 1: Reading prompt from stdin/,
      );
    },
  );

  it('names the provider base_url from the config overrides in the error text', async () => {
    const env = fakeCodexEnv(
      { turns: [{ error: { status: 401, requestId: null } }] },
      { CODEX_HOME: dirs.codexHome },
    );
    const codex = new Codex({
      codexPathOverride: fakeCodexExecutable(),
      env,
      config: {
        model_provider: 'fake',
        model_providers: { fake: { base_url: 'http://127.0.0.1:9/v1' } },
      },
    });
    const thread = codex.startThread({ skipGitRepoCheck: true, workingDirectory: dirs.workspace });
    await expect(thread.run('hi')).rejects.toThrow(
      /^unexpected status 401 Unauthorized: fake error 401, url: http:\/\/127\.0\.0\.1:9\/v1\/responses$/,
    );
  });

  it('crashes with the given stderr and exit code', async () => {
    const run = await runFake(
      dirs,
      { turns: [{ crash: true, stderr: 'boom\n', exitCode: 101 }] },
      'x',
    );
    expect(types(run.events)).toEqual(['thread.started', 'turn.started']);
    expect(run.thrown?.message).toBe(
      'Codex Exec exited with code 101: Reading prompt from stdin...\nboom\n',
    );
  });

  it('refuses a directory outside git without skipGitRepoCheck, as the real CLI', async () => {
    const run = await runFake(dirs, { turns: [] }, 'x', { thread: { skipGitRepoCheck: false } });
    expect(run.events).toEqual([]);
    expect(run.thrown?.message).toMatch(/Not inside a trusted directory and --skip-git-repo-check/);
  });

  it('hangs until the abort signal; the iterator ends fast and no process is left', async () => {
    const controller = new AbortController();
    const started = Date.now();
    let abortedAt = 0;
    const run = await runFake(dirs, { turns: [{ hang: true }] }, 'wait', {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type !== 'turn.started') return;
        void eventually(() => readLog(dirs).some((e) => 'child' in e), 5_000).then(() => {
          abortedAt = Date.now();
          controller.abort();
        });
      },
    });
    expect(abortedAt).toBeGreaterThan(started);
    expect(Date.now() - abortedAt).toBeLessThan(2_000);
    expect(run.thrown?.name).toBe('AbortError');
    expect(types(run.events)).toEqual(['thread.started', 'turn.started']);
    const child = readLog(dirs).find((e) => 'child' in e)?.child as number;
    expect(child).toBeGreaterThan(0);
    expect(
      await eventually(() => processesWithEnv('CODEX_HOME', dirs.codexHome).length === 0, 3_000),
    ).toBe(true);
  });
});

describe('fake codex executable: threads', () => {
  it('resumes a thread with its history, the next scripted turn and cumulative usage', async () => {
    const u = (n: number) => ({
      input_tokens: n,
      cached_input_tokens: 1,
      cache_write_input_tokens: 0,
      output_tokens: 2,
      reasoning_output_tokens: 1,
    });
    const script = {
      turns: [
        { text: 'first', usage: u(10) },
        { text: 'second', usage: u(20) },
      ],
    };
    const one = await runFake(dirs, script, 'a');
    const two = await runFake(dirs, script, 'b', { resume: one.threadId as string });
    expect(two.thrown).toBeUndefined();
    expect(two.events[0]).toEqual({ type: 'thread.started', thread_id: one.threadId });
    expect(items(two.events, 'agent_message')).toMatchObject([{ id: 'item_0', text: 'second' }]);
    expect(usageOf(two.events)).toEqual({
      input_tokens: 30,
      cached_input_tokens: 2,
      cache_write_input_tokens: 0,
      output_tokens: 4,
      reasoning_output_tokens: 2,
    });
    const echo = await runFake(dirs, { turns: [] }, 'c', { resume: one.threadId as string });
    expect(items(echo.events, 'agent_message')).toMatchObject([{ text: 'Echo: c (history: 2)' }]);
  });

  it('resumes from a rollout file copied into another CODEX_HOME', async () => {
    const one = await runFake(dirs, { turns: [] }, 'a');
    const other = join(dirs.root, 'other-codex-home');
    cpSync(join(dirs.codexHome, 'sessions'), join(other, 'sessions'), { recursive: true });
    const two = await runFake(dirs, { turns: [] }, 'b', {
      resume: one.threadId as string,
      codexHome: other,
    });
    expect(items(two.events, 'agent_message')).toMatchObject([{ text: 'Echo: b (history: 1)' }]);
  });

  it('fails an unknown thread id like the real CLI: no events, exit code 1', async () => {
    const id = '01a233d9-7977-70b0-8a3f-b15920c348c9';
    const run = await runFake(dirs, { turns: [] }, 'x', { resume: id });
    expect(run.events).toEqual([]);
    expect(run.thrown?.message).toBe(
      `Codex Exec exited with code 1: Reading prompt from stdin...\nError: thread/resume: thread/resume failed: no rollout found for thread id ${id} (code -32600)\n`,
    );
  });

  it('logs argv with model, sandbox, --cd and resume, and the prompt read from stdin', async () => {
    const thread = { model: 'gpt-5.5', sandboxMode: 'workspace-write' as const };
    const one = await runFake(dirs, { turns: [] }, 'first prompt', { thread });
    await runFake(dirs, { turns: [] }, 'second prompt', { thread, resume: one.threadId as string });
    const log = readLog(dirs);
    const argvs = log.flatMap((e) => ('argv' in e ? [e.argv as string[]] : []));
    expect(argvs).toHaveLength(2);
    for (const argv of argvs) {
      expect(argv.slice(0, 2)).toEqual(['exec', '--experimental-json']);
      expect(argv.join(' ')).toContain(
        `--model gpt-5.5 --sandbox workspace-write --cd ${dirs.workspace} --skip-git-repo-check`,
      );
    }
    expect(argvs[0]).not.toContain('resume');
    expect(argvs[1]?.slice(-2)).toEqual(['resume', one.threadId]);
    expect(log.flatMap((e) => ('stdin' in e ? [e.stdin] : []))).toEqual([
      'first prompt',
      'second prompt',
    ]);
  });
});

describe('fakeCodexExecutable', () => {
  it('is an executable launcher that needs no PATH', () => {
    const path = fakeCodexExecutable();
    expect(readFileSync(path, 'utf8')).toMatch(/^#!\/bin\/sh\nexec '/);
    expect(statSync(path).mode & 0o111).toBe(0o111);
    expect(fakeCodexExecutable()).toBe(path);
  });
});
