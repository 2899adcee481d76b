import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Codex, type CodexOptions, type ThreadEvent } from '@openai/codex-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponses, FakeResponsesReply } from '../fake-responses/fake-responses-types.js';
import { startFakeResponses } from '../fake-responses/start-fake-responses.js';
import { fakeCodexEnv } from './fake-codex-env.js';
import { fakeCodexExecutable } from './fake-codex-executable.js';
import type { FakeCodexTurn } from './fake-codex-script.js';

// Keeps the fake honest: one scenario through the real codex binary (against the fake Responses
// API) and through the fake executable must give the same events, items and keys.
let server: FakeResponses;
let dir: string;
beforeEach(async () => {
  server = await startFakeResponses();
  dir = mkdtempSync(join(tmpdir(), 'fake-codex-parity-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly events: ThreadEvent[];
  readonly thrown: Error | undefined;
  readonly threadId: string | null;
}

async function run(
  which: 'real' | 'fake',
  prompt: string,
  turns: FakeCodexTurn[],
  resume?: string,
): Promise<Run> {
  const root = join(dir, which);
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const env = server.env({ dir: root });
  const codex = new Codex({
    config: server.codexConfig() as CodexOptions['config'],
    ...(which === 'fake'
      ? { codexPathOverride: fakeCodexExecutable(), env: fakeCodexEnv({ turns }, env) }
      : { env }),
  });
  const options = {
    workingDirectory: workspace,
    skipGitRepoCheck: true,
    model: 'gpt-5.5',
    sandboxMode: 'workspace-write' as const,
  };
  const thread =
    resume === undefined ? codex.startThread(options) : codex.resumeThread(resume, options);
  const events: ThreadEvent[] = [];
  let thrown: Error | undefined;
  try {
    const { events: stream } = await thread.runStreamed(prompt);
    for await (const event of stream) events.push(event);
  } catch (error) {
    thrown = error as Error;
  }
  return { events, thrown, threadId: thread.id };
}

/** Each event's type, its item's type and status, and the sorted keys of its item or usage. */
function shape(events: ThreadEvent[]): string[] {
  return events.map((e) => {
    if ('item' in e) {
      const status = 'status' in e.item ? `/${e.item.status}` : '';
      return `${e.type}:${e.item.type}${status} ${Object.keys(e.item).sort().join(',')}`;
    }
    if (e.type === 'turn.completed') return `${e.type} ${Object.keys(e.usage).sort().join(',')}`;
    return `${e.type} ${Object.keys(e).sort().join(',')}`;
  });
}

const itemsOf = (events: ThreadEvent[]) => events.flatMap((e) => ('item' in e ? [e.item] : []));

async function both(
  replies: FakeResponsesReply[],
  turns: FakeCodexTurn[],
  prompt = 'hi',
): Promise<{ real: Run; fake: Run }> {
  server.enqueue(...replies);
  const real = await run('real', prompt, turns);
  const fake = await run('fake', prompt, turns);
  return { real, fake };
}

describe('fake codex executable matches the real binary', () => {
  it('a text answer after a reasoning summary', async () => {
    const { real, fake } = await both(
      [{ text: 'Hello there.', reasoning: 'Thinking.' }],
      [{ text: 'Hello there.', reasoning: 'Thinking.' }],
    );
    expect(real.thrown).toBeUndefined();
    expect(shape(fake.events)).toEqual(shape(real.events));
    expect(itemsOf(fake.events)).toEqual(itemsOf(real.events));
    expect(fake.threadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(real.threadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('a command execution, then the answer', async () => {
    const { real, fake } = await both(
      [{ command: 'echo hi' }, { text: 'It printed hi.' }],
      [{ command: { command: 'echo hi', output: 'hi\n' }, text: 'It printed hi.' }],
    );
    expect(real.thrown).toBeUndefined();
    expect(shape(fake.events)).toEqual(shape(real.events));
    expect(itemsOf(fake.events)).toEqual(itemsOf(real.events));
  });

  it.each([401, 429, 500, 503])(
    'HTTP %i: the same error event, turn.failed text and exit',
    async (status) => {
      const error = { status, message: 'Incorrect API key provided' };
      // The fake Responses API answers its first request with `x-request-id: req_fake_1`.
      const turn = { error: { ...error, requestId: 'req_fake_1' } };
      const { real, fake } = await both([{ error }], [turn]);
      expect(shape(fake.events)).toEqual(shape(real.events));
      const text = (r: Run) =>
        r.events.flatMap((e) => (e.type === 'turn.failed' ? [e.error.message] : []));
      expect(text(fake)).toEqual(text(real));
      expect(real.thrown?.message).toMatch(/^Codex Exec exited with code 1: /);
      expect(fake.thrown?.message).toMatch(/^Codex Exec exited with code 1: /);
    },
  );

  it('resume: the same thread id, cumulative usage keys; an unknown id fails the same way', async () => {
    server.enqueue({ text: 'one' }, { text: 'two' });
    const first = await run('real', 'a', []);
    const second = await run('real', 'b', [], first.threadId as string);
    const fakeFirst = await run('fake', 'a', []);
    const fakeSecond = await run('fake', 'b', [], fakeFirst.threadId as string);
    expect(second.events[0]).toEqual({ type: 'thread.started', thread_id: first.threadId });
    expect(fakeSecond.events[0]).toEqual({ type: 'thread.started', thread_id: fakeFirst.threadId });
    expect(shape(fakeSecond.events)).toEqual(shape(second.events));
    const id = '01a233d9-7977-70b0-8a3f-b15920c348c9';
    const lastLine = (r: Run) => r.thrown?.message.trim().split('\n').at(-1);
    const [real, fake] = [await run('real', 'x', [], id), await run('fake', 'x', [], id)];
    expect(real.events).toEqual([]);
    expect(fake.events).toEqual([]);
    expect(lastLine(fake)).toBe(lastLine(real));
  });
});
