import { useFakeClaude } from '../../../test/support/fake-claude-kit.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { runAdapterConformance } from '../../testing/adapter-conformance/index.js';
import type { FakeClaudeTurn } from '../../testing/fake-claude/index.js';

// The adapter contract, checked on ClaudeAdapter running the fake Claude executable: every run
// streams a reply slowly enough to be aborted or interrupted while it streams, and for each
// provider error code the model API answers with the HTTP error behind it.

const kit = useFakeClaude();

const WORDS = Array.from({ length: 8 }, (_, i) => `word${i} `);
const SLOW_REPLY: FakeClaudeTurn = { text: WORDS.join(''), chunks: WORDS, delayMs: 10 };

/** The HTTP status behind each provider error code. */
const STATUS_OF: Readonly<Record<string, number>> = {
  provider_error: 400,
  provider_unavailable: 503,
  provider_rate_limited: 429,
  provider_timeout: 504,
  provider_authentication_failed: 401,
  provider_quota_exceeded: 402,
};

runAdapterConformance({
  name: 'ClaudeAdapter (fake executable)',
  createAdapter: () => kit.adapter({ turns: [SLOW_REPLY] }),
  failingAdapter: (code: ErrorCode) => {
    const status = STATUS_OF[code];
    if (status === undefined) throw new Error(`no HTTP status for ${code}`);
    return kit.adapter({ turns: [{ error: { status } }] });
  },
});
