// Records the SDK messages of the real Claude Code CLI (inside @anthropic-ai/claude-agent-sdk)
// talking to the fake Anthropic server, one query per scenario, into
// src/adapters/claude/fixtures/<scenario>.jsonl. Run: npx tsx scripts/record-claude-fixtures.ts [names…]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Options, type Query, query, type SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import {
  type FakeAnthropic,
  type FakeAnthropicReply,
  startFakeAnthropic,
} from '../src/testing/fake-anthropic/index.js';

const OUT_DIR = join(import.meta.dirname, '..', 'src', 'adapters', 'claude', 'fixtures');
const FIXTURE_DIR = '/tmp/asm-fixture';

interface Scenario {
  readonly name: string;
  readonly prompt: string;
  readonly replies: readonly FakeAnthropicReply[];
  readonly options?: Partial<Options>;
  /** Called for every message; may act on the query (interrupt). */
  readonly onMessage?: (message: SDKMessage, q: Query) => void;
  /** A first query of the same session, run (and not recorded) before the recorded one. */
  readonly before?: { readonly prompt: string; readonly replies: readonly FakeAnthropicReply[] };
}

const errorScenario = (status: number): Scenario => ({
  name: `error-${status}`,
  prompt: 'Say hello',
  replies: [{ error: { status } }],
});

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'text',
    prompt: 'Say hello',
    replies: [{ text: 'Hello from the fake model.', chunks: 4 }],
  },
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
  const q = query({
    prompt,
    options: {
      env: fake.env({ dir }),
      settingSources: [],
      cwd: join(dir, 'workspace'),
      includePartialMessages: true,
      ...options,
    },
  });
  const messages: SDKMessage[] = [];
  try {
    for await (const message of q) {
      messages.push(message);
      onMessage?.(message, q);
    }
    return { messages };
  } catch (error) {
    return { messages, thrown: error instanceof Error ? error.message : String(error) };
  }
}

/** Makes a recording diffable: temp paths, ports, uuids, timestamps and durations become fixed values. */
function normalise(lines: readonly unknown[], dir: string): string {
  const uuids = new Map<string, string>();
  const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const replacer = (key: string, value: unknown): unknown => {
    if (typeof value === 'number' && (/_ms$/.test(key) || /^duration/.test(key))) return 0;
    if (typeof value !== 'string') return value;
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return '2026-01-01T00:00:00.000Z';
    return value
      .split(dir)
      .join(FIXTURE_DIR)
      .split(dir.replaceAll('/', '-'))
      .join(FIXTURE_DIR.replaceAll('/', '-'))
      .replace(/cc-socks\/\d+\.sock/g, 'cc-socks/PID.sock')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(uuidPattern, (uuid) => {
        let fixed = uuids.get(uuid);
        if (fixed === undefined) {
          fixed = `00000000-0000-4000-8000-${String(uuids.size + 1).padStart(12, '0')}`;
          uuids.set(uuid, fixed);
        }
        return fixed;
      });
  };
  return `${lines.map((line) => JSON.stringify(line, replacer)).join('\n')}\n`;
}

async function record(scenario: Scenario): Promise<void> {
  const fake = await startFakeAnthropic();
  const dir = mkdtempSync(join(tmpdir(), 'asm-fixture-'));
  mkdirSync(join(dir, 'workspace'));
  try {
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
    const lines: unknown[] = [...run.messages];
    if (run.thrown !== undefined) lines.push({ type: '__thrown__', message: run.thrown });
    const text = normalise(lines, dir);
    writeFileSync(join(OUT_DIR, `${scenario.name}.jsonl`), text);
    const requests = fake.requests.map(
      (r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`,
    );
    console.log(
      `${scenario.name}: ${run.messages.length} messages, ${text.length} bytes, ${Date.now() - started} ms,` +
        ` thrown=${run.thrown ?? '-'}; requests: ${requests.join(', ')}`,
    );
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = new Set(process.argv.slice(2));
mkdirSync(OUT_DIR, { recursive: true });
for (const scenario of SCENARIOS) {
  if (only.size === 0 || only.has(scenario.name)) await record(scenario);
}
