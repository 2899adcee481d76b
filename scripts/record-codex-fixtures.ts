// Records the ThreadEvents of the real Codex CLI (from @openai/codex, run by @openai/codex-sdk)
// talking to the fake Responses API, one runStreamed per scenario, into
// src/adapters/codex/fixtures/<scenario>.jsonl. Run: npx tsx scripts/record-codex-fixtures.ts [names…]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Codex, type SandboxMode, type ThreadEvent, type ThreadOptions } from '@openai/codex-sdk';
import {
  type FakeResponses,
  type FakeResponsesReply,
  startFakeResponses,
} from '../src/testing/fake-responses/index.js';
import {
  errorScenario,
  normaliseRecording,
  type RecordingScenario,
  recordSelected,
  TEXT_SCENARIO,
  withRecordingDir,
  writeFixture,
} from './lib/fixture-recording.js';

const OUT_DIR = join(import.meta.dirname, '..', 'src', 'adapters', 'codex', 'fixtures');
const ABORT_AFTER_MS = 300;

interface Scenario extends RecordingScenario<FakeResponsesReply> {
  readonly sandboxMode?: SandboxMode;
  /** Abort the turn this long after `turn.started`. */
  readonly abortAfterMs?: number;
}

const SCENARIOS: readonly Scenario[] = [
  TEXT_SCENARIO,
  {
    name: 'reasoning',
    prompt: 'Think, then answer',
    replies: [{ reasoning: 'The user wants an answer.', text: 'Here is the answer.' }],
  },
  { name: 'command', prompt: 'Run echo hi', replies: [{ command: 'echo hi' }] },
  {
    name: 'command-failed',
    prompt: 'Run a failing command',
    replies: [{ command: 'echo oops; exit 3' }],
  },
  {
    name: 'sandbox-denied',
    prompt: 'Create a file',
    replies: [{ command: 'echo hi > out.txt' }],
    sandboxMode: 'read-only',
  },
  {
    name: 'file-change',
    prompt: 'Add hello.txt',
    replies: [{ patch: '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch' }],
  },
  errorScenario(401),
  errorScenario(429),
  errorScenario(500),
  errorScenario(503),
  {
    name: 'failed',
    prompt: 'Say hello',
    replies: [{ failed: { message: 'The model failed to answer', code: 'server_error' } }],
  },
  {
    name: 'resumed',
    prompt: 'And now?',
    replies: [{ text: 'Second answer.', usage: { input_tokens: 20, output_tokens: 4 } }],
    before: {
      prompt: 'Remember blue',
      replies: [{ text: 'First answer.', usage: { input_tokens: 10, output_tokens: 3 } }],
    },
  },
  {
    name: 'aborted',
    prompt: 'Say hello slowly',
    replies: [{ hang: true }],
    abortAfterMs: ABORT_AFTER_MS,
  },
];

function threadOptions(dir: string, sandboxMode: SandboxMode = 'workspace-write'): ThreadOptions {
  return {
    workingDirectory: join(dir, 'workspace'),
    skipGitRepoCheck: true,
    model: 'gpt-5.5',
    sandboxMode,
  };
}

async function collect(
  fake: FakeResponses,
  dir: string,
  prompt: string,
  scenario: Pick<Scenario, 'sandboxMode' | 'abortAfterMs'>,
  resume?: string,
): Promise<{ events: ThreadEvent[]; thrown?: string; threadId?: string }> {
  const codex = new Codex({
    config: fake.codexConfig(),
    env: fake.env({ dir }),
  });
  const options = threadOptions(dir, scenario.sandboxMode);
  const thread =
    resume === undefined ? codex.startThread(options) : codex.resumeThread(resume, options);
  const controller = new AbortController();
  const events: ThreadEvent[] = [];
  try {
    const turn = await thread.runStreamed(prompt, { signal: controller.signal });
    for await (const event of turn.events) {
      events.push(event);
      if (event.type === 'turn.started' && scenario.abortAfterMs !== undefined) {
        setTimeout(() => controller.abort(), scenario.abortAfterMs);
      }
    }
    return { events, threadId: thread.id ?? undefined };
  } catch (error) {
    const thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { events, thrown, threadId: thread.id ?? undefined };
  }
}

/** Makes a recording diffable: also timestamps anywhere in a string. */
function normalise(lines: readonly unknown[], dir: string): string {
  const timestampPattern = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
  return normaliseRecording(lines, dir, {
    uuidVersion: '7',
    text: (text) => text.replace(timestampPattern, '2026-01-01T00:00:00.000Z'),
  });
}

function rollouts(dir: string): string[] {
  const sessions = join(dir, 'codex-home', 'sessions');
  try {
    return readdirSync(sessions, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.jsonl'))
      .map((path) => `${path} (${Math.round(statSync(join(sessions, path)).size / 1024)} KB)`);
  } catch {
    return [];
  }
}

const record = (scenario: Scenario): Promise<void> =>
  withRecordingDir(startFakeResponses, async (fake, dir) => {
    let resume: string | undefined;
    if (scenario.before !== undefined) {
      fake.enqueue(...scenario.before.replies);
      const first = await collect(fake, dir, scenario.before.prompt, scenario);
      if (first.threadId === undefined)
        throw new Error(`${scenario.name}: the first turn gave no thread id`);
      resume = first.threadId;
    }
    fake.enqueue(...scenario.replies);
    const started = Date.now();
    const run = await collect(fake, dir, scenario.prompt, scenario, resume);
    const text = writeFixture(OUT_DIR, scenario.name, run.events, run.thrown, (lines) =>
      normalise(lines, dir),
    );
    const requests = fake.requests.map((r) => `${r.method} ${r.path}`);
    console.log(
      `${scenario.name}: ${run.events.length} events, ${text.length} bytes, ${Date.now() - started} ms,` +
        ` thrown=${run.thrown?.split('\n')[0] ?? '-'}; requests: ${requests.join(', ')};` +
        ` rollouts: ${rollouts(dir).join(', ') || '-'}`,
    );
  });

await recordSelected(OUT_DIR, SCENARIOS, record);
