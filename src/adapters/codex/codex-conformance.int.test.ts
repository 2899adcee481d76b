import { useFakeCodex } from '../../../test/support/fake-codex-kit.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { runAdapterConformance } from '../../testing/adapter-conformance/index.js';

// The adapter contract, checked on CodexAdapter running the fake codex executable: every run
// answers after a short wait, long enough to be aborted, and for each provider error code the
// model API answers with the HTTP error behind it (the binary's own text for that status).

const kit = useFakeCodex();

/** The HTTP status behind each provider error code. */
const STATUS_OF: Readonly<Record<string, number>> = {
  provider_error: 400,
  provider_unavailable: 503,
  provider_rate_limited: 429,
  provider_timeout: 408,
  provider_authentication_failed: 401,
  provider_quota_exceeded: 402,
};

runAdapterConformance({
  name: 'CodexAdapter (fake executable)',
  createAdapter: () => kit.adapter({ turns: [{ text: 'Hello there.', delayMs: 50 }] }),
  failingAdapter: (code: ErrorCode) => {
    const status = STATUS_OF[code];
    if (status === undefined) throw new Error(`no HTTP status for ${code}`);
    return kit.adapter({ turns: [{ error: { status } }] });
  },
});
