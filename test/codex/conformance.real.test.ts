import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { CodexAdapter } from '../../src/adapters/codex/codex-adapter.js';
import type { CodexConfigValue } from '../../src/adapters/codex/codex-options.js';
import type { ErrorCode } from '../../src/core/error-codes.js';
import { runAdapterConformance } from '../../src/testing/adapter-conformance/index.js';
import { lastUserText } from '../../src/testing/fake-responses/default-reply.js';
import type {
  FakeResponses,
  FakeResponsesReply,
} from '../../src/testing/fake-responses/fake-responses-types.js';
import { startFakeResponses } from '../../src/testing/fake-responses/index.js';
import { CODEX_MODEL, eventually, processesWithEnv } from '../support/codex-kit.js';

// The adapter contract, checked on CodexAdapter running the real Codex binary against fake
// Responses APIs: one answering every prompt with a slowly streamed echo (so a run lasts long
// enough to abort), and for each provider error code one answering what causes it.

/** The reply behind each provider error code, as the binary reports it. */
const FAILURES: Readonly<Record<string, FakeResponsesReply>> = {
  provider_error: { error: { status: 400 } },
  provider_unavailable: { error: { status: 503 } },
  provider_rate_limited: { error: { status: 429 } },
  provider_timeout: { error: { status: 408 } },
  provider_authentication_failed: { error: { status: 401 } },
  provider_quota_exceeded: {
    failed: { message: 'You exceeded your current quota.', code: 'insufficient_quota' },
  },
};

let echo: FakeResponses | null = null;
const failing: FakeResponses[] = [];
const dirs: string[] = [];
const adapters: CodexAdapter[] = [];

beforeAll(async () => {
  echo = await startFakeResponses({
    defaultReply: (request) => ({
      text: `Echo: ${lastUserText(request.body)}`,
      chunks: 6,
      delayMs: 60,
    }),
  });
});

afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.close();
  // Whatever the test did to its runs, nothing of them may outlive the adapter's close().
  const left = () => dirs.flatMap((dir) => processesWithEnv('CODEX_HOME', join(dir, 'codex-home')));
  if (!(await eventually(() => left().length === 0, 3_000))) {
    throw new Error(`processes left after close(): ${JSON.stringify(left())}`);
  }
  for (const fake of failing.splice(0)) await fake.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await echo?.close();
});

function adapterOn(fake: FakeResponses): CodexAdapter {
  const dir = mkdtempSync(join(tmpdir(), 'asm-codex-conformance-'));
  dirs.push(dir);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  const adapter = new CodexAdapter({
    config: fake.codexConfig() as Record<string, CodexConfigValue>,
    env: fake.env({ dir }),
    workingDirectory: workspace,
    skipGitRepoCheck: true,
    model: CODEX_MODEL,
  });
  adapters.push(adapter);
  return adapter;
}

runAdapterConformance({
  name: 'CodexAdapter (real binary)',
  createAdapter: () => {
    if (echo === null) throw new Error('the fake server runs only inside tests');
    return adapterOn(echo);
  },
  failingAdapter: async (code: ErrorCode) => {
    const reply = FAILURES[code];
    if (reply === undefined) throw new Error(`no fake reply for ${code}`);
    const fake = await startFakeResponses({ defaultReply: reply });
    failing.push(fake);
    return adapterOn(fake);
  },
  testTimeoutMs: 60_000,
});
