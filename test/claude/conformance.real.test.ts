import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ClaudeAdapter } from '../../src/adapters/claude/claude-adapter.js';
import type { ErrorCode } from '../../src/core/error-codes.js';
import { runAdapterConformance } from '../../src/testing/adapter-conformance/index.js';
import { lastUserText } from '../../src/testing/fake-anthropic/default-reply.js';
import type {
  FakeAnthropic,
  FakeAnthropicErrorReply,
} from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import { startFakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { eventually, processesWithEnv } from '../support/claude-kit.js';

// The adapter contract, checked on ClaudeAdapter running the real Claude Code CLI against fake
// Anthropic servers: one answering every prompt with a slowly streamed echo (so a run lasts long
// enough to abort or interrupt), and for each provider error code one answering the HTTP error
// behind it.

/** The reply behind each provider error code. */
const FAILURES: Readonly<Record<string, FakeAnthropicErrorReply>> = {
  provider_error: { error: { status: 400 } },
  provider_unavailable: { error: { status: 503 } },
  provider_rate_limited: { error: { status: 429 } },
  provider_timeout: { error: { status: 504 } },
  provider_authentication_failed: { error: { status: 401 } },
  provider_quota_exceeded: { error: { status: 402 } },
};

let echo: FakeAnthropic | null = null;
const failing: FakeAnthropic[] = [];
const dirs: string[] = [];
const adapters: ClaudeAdapter[] = [];

beforeAll(async () => {
  echo = await startFakeAnthropic({
    defaultReply: (request) => ({
      text: `Echo: ${lastUserText(request.body)}`,
      chunks: 6,
      delayMs: 40,
    }),
  });
});

afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.close();
  // Whatever the test did to its runs, nothing of them may outlive the adapter's close().
  const left = () =>
    dirs.flatMap((dir) => processesWithEnv('CLAUDE_CONFIG_DIR', join(dir, 'config')));
  if (!(await eventually(() => left().length === 0, 3_000))) {
    throw new Error(`processes left after close(): ${JSON.stringify(left())}`);
  }
  for (const fake of failing.splice(0)) await fake.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await echo?.close();
});

function adapterOn(fake: FakeAnthropic): ClaudeAdapter {
  const dir = mkdtempSync(join(tmpdir(), 'asm-claude-conformance-'));
  dirs.push(dir);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  const adapter = new ClaudeAdapter({ cwd: workspace, env: fake.env({ dir }) });
  adapters.push(adapter);
  return adapter;
}

runAdapterConformance({
  name: 'ClaudeAdapter (real CLI)',
  createAdapter: () => {
    if (echo === null) throw new Error('the fake server runs only inside tests');
    return adapterOn(echo);
  },
  failingAdapter: async (code: ErrorCode) => {
    const reply = FAILURES[code];
    if (reply === undefined) throw new Error(`no fake reply for ${code}`);
    const fake = await startFakeAnthropic({ defaultReply: reply });
    failing.push(fake);
    return adapterOn(fake);
  },
  testTimeoutMs: 60_000,
});
