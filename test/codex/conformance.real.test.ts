import { join } from 'node:path';
import { CodexAdapter } from '../../src/adapters/codex/codex-adapter.js';
import type { CodexConfigValue } from '../../src/adapters/codex/codex-options.js';
import { lastUserText } from '../../src/testing/fake-responses/default-reply.js';
import type {
  FakeResponses,
  FakeResponsesReply,
} from '../../src/testing/fake-responses/fake-responses-types.js';
import { startFakeResponses } from '../../src/testing/fake-responses/index.js';
import { CODEX_MODEL, processesWithEnv } from '../support/codex-kit.js';
import { realConformance } from '../support/real-conformance.js';

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

realConformance<FakeResponses, FakeResponsesReply>({
  name: 'CodexAdapter (real binary)',
  prefix: 'asm-codex-conformance-',
  startFake: (reply) =>
    startFakeResponses({
      defaultReply:
        reply ??
        ((request) => ({ text: `Echo: ${lastUserText(request.body)}`, chunks: 6, delayMs: 60 })),
    }),
  failures: FAILURES,
  adapterOn: (fake, dir, workspace) =>
    new CodexAdapter({
      config: fake.codexConfig() as Record<string, CodexConfigValue>,
      env: fake.env({ dir }),
      workingDirectory: workspace,
      skipGitRepoCheck: true,
      model: CODEX_MODEL,
    }),
  processes: (dir) => processesWithEnv('CODEX_HOME', join(dir, 'codex-home')),
});
