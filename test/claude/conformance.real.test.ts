import { join } from 'node:path';
import { ClaudeAdapter } from '../../src/adapters/claude/claude-adapter.js';
import { lastUserText } from '../../src/testing/fake-anthropic/default-reply.js';
import type {
  FakeAnthropic,
  FakeAnthropicErrorReply,
} from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import { startFakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { processesWithEnv } from '../support/claude-kit.js';
import { realConformance } from '../support/real-conformance.js';

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

realConformance<FakeAnthropic, FakeAnthropicErrorReply>({
  name: 'ClaudeAdapter (real CLI)',
  prefix: 'asm-claude-conformance-',
  startFake: (reply) =>
    startFakeAnthropic({
      defaultReply:
        reply ??
        ((request) => ({ text: `Echo: ${lastUserText(request.body)}`, chunks: 6, delayMs: 40 })),
    }),
  failures: FAILURES,
  adapterOn: (fake, dir, workspace) =>
    new ClaudeAdapter({ cwd: workspace, env: fake.env({ dir }) }),
  processes: (dir) => processesWithEnv('CLAUDE_CONFIG_DIR', join(dir, 'config')),
});
