// Records the SDK messages of the real Claude Code CLI (inside @anthropic-ai/claude-agent-sdk)
// talking to the fake Anthropic server, one query per scenario, into
// src/adapters/claude/fixtures/<scenario>.jsonl. Run: npx tsx scripts/record-claude-fixtures.ts [names…]
import { join } from 'node:path';
import type { Options, Query, SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { collectQuery } from '../src/testing/fake-anthropic/collect-query.js';
import {
  type FakeAnthropic,
  type FakeAnthropicReply,
  startFakeAnthropic,
} from '../src/testing/fake-anthropic/index.js';
import {
  errorScenario,
  FIXTURE_DIR,
  normaliseRecording,
  type RecordingScenario,
  recordSelected,
  TEXT_SCENARIO,
  withRecordingDir,
  writeFixture,
} from './lib/fixture-recording.js';

const OUT_DIR = join(import.meta.dirname, '..', 'src', 'adapters', 'claude', 'fixtures');

interface Scenario extends RecordingScenario<FakeAnthropicReply> {
  readonly options?: Partial<Options>;
  /** Called for every message; may act on the query (interrupt). */
  readonly onMessage?: (message: SDKMessage, q: Query) => void;
}

const SCENARIOS: readonly Scenario[] = [
  TEXT_SCENARIO,
  {
    name: 'thinking',
    prompt: 'Think, then answer',
    replies: [{ thinking: 'The user wants an answer.', text: 'Here is the answer.', chunks: 3 }],
  },
  {
    name: 'bash-tool',
    prompt: 'Run echo hi',
    replies: [
      { toolUse: { name: 'Bash', input: { command: 'echo hi', description: 'Print hi' } } },
    ],
  },
  {
    name: 'permission-denied',
    prompt: 'Create a file x',
    replies: [
      { toolUse: { name: 'Bash', input: { command: 'touch x', description: 'Create x' } } },
    ],
  },
  errorScenario(401),
  errorScenario(429),
  errorScenario(500),
  errorScenario(529),
  {
    name: 'interrupted',
    prompt: 'Say hello slowly',
    replies: [{ hang: true }],
    onMessage: (message, q) => {
      if (message.type === 'stream_event' && message.event.type === 'message_start') {
        q.interrupt().catch(() => {});
      }
    },
  },
  {
    name: 'max-turns',
    prompt: 'Run echo hi',
    replies: [
      { toolUse: { name: 'Bash', input: { command: 'echo hi', description: 'Print hi' } } },
    ],
    options: { maxTurns: 1 },
  },
  {
    name: 'resumed',
    prompt: 'And now?',
    replies: [{ text: 'Second answer.' }],
    before: { prompt: 'Remember blue', replies: [{ text: 'First answer.' }] },
  },
];

async function collect(
  fake: FakeAnthropic,
  dir: string,
  prompt: string,
  options: Partial<Options>,
  onMessage?: Scenario['onMessage'],
): Promise<{ messages: SDKMessage[]; thrown?: string }> {
  const run = await collectQuery(
    prompt,
    { env: fake.env({ dir }), cwd: join(dir, 'workspace'), ...options },
    onMessage,
  );
  if (!run.threw) return { messages: run.messages };
  const thrown = run.thrown instanceof Error ? run.thrown.message : String(run.thrown);
  return { messages: run.messages, thrown };
}

/** Makes a recording diffable: also durations, whole timestamps and the CLI's socket paths. */
function normalise(lines: readonly unknown[], dir: string): string {
  return normaliseRecording(lines, dir, {
    uuidVersion: '4',
    value: (key, value) => {
      if (typeof value === 'number' && (/_ms$/.test(key) || /^duration/.test(key))) return 0;
      if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value))
        return '2026-01-01T00:00:00.000Z';
      return value;
    },
    text: (text) =>
      text
        .split(dir.replaceAll('/', '-'))
        .join(FIXTURE_DIR.replaceAll('/', '-'))
        .replace(/cc-socks\/\d+\.sock/g, 'cc-socks/PID.sock'),
  });
}

const record = (scenario: Scenario): Promise<void> =>
  withRecordingDir(startFakeAnthropic, async (fake, dir) => {
    const options: Partial<Options> = { ...scenario.options };
    if (scenario.before !== undefined) {
      fake.enqueue(...scenario.before.replies);
      const first = await collect(fake, dir, scenario.before.prompt, {});
      const init = first.messages.find((m) => m.type === 'system' && m.subtype === 'init');
      if (init === undefined)
        throw new Error(`${scenario.name}: the first query gave no system/init`);
      options.resume = init.session_id;
    }
    fake.enqueue(...scenario.replies);
    const started = Date.now();
    const run = await collect(fake, dir, scenario.prompt, options, scenario.onMessage);
    const text = writeFixture(OUT_DIR, scenario.name, run.messages, run.thrown, (lines) =>
      normalise(lines, dir),
    );
    const requests = fake.requests.map(
      (r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`,
    );
    console.log(
      `${scenario.name}: ${run.messages.length} messages, ${text.length} bytes, ${Date.now() - started} ms,` +
        ` thrown=${run.thrown ?? '-'}; requests: ${requests.join(', ')}`,
    );
  });

await recordSelected(OUT_DIR, SCENARIOS, record);
