import { describe, expect, it } from 'vitest';
import type {
  CodexAdapterOptions,
  CodexConfigValue,
} from '../../src/adapters/codex/codex-options.js';
import { fakeCodexConfig } from '../../src/testing/fake-responses/codex-env.js';
import type { FakeResponsesReply } from '../../src/testing/fake-responses/fake-responses-types.js';
import { type CodexSandbox, codexProcesses, useCodexFake } from '../support/codex-kit.js';
import { closedPort, expectFailedRun, summary } from '../support/failed-runs.js';
import { expectNoProcessLeft as processesGone, useManagers } from '../support/provider-runs.js';

// Failures of the real Codex binary (against the fake Responses API), through a SessionManager:
// each is one run_failed with the mapped code, details that say what happened, no process left,
// and the API key nowhere in what is stored or returned.

// The provider's key variable (FAKE_KEY) in every sandbox, and a second key given as `apiKey`.
const API_KEY = 'sk-proj-secret-QWE-8d1f0b6e2a9c47d5b3e1';
const OPTION_KEY = 'sk-proj-option-RTY-5c2e9a0d7f1b64e8a3c9';

const kit = useCodexFake({ apiKey: API_KEY });
const managerOn = useManagers();

const expectNoProcessLeft = (box: CodexSandbox) => processesGone(() => codexProcesses(box));

/** Run one prompt; check the failure's invariants; return the result and all that was stored. */
async function failedRun(options: CodexAdapterOptions, replies: FakeResponsesReply[] = []) {
  const box = kit.sandbox();
  const { store, manager } = managerOn(kit.adapter({ apiKey: OPTION_KEY, ...options }, box));
  kit.fake.enqueue(...replies);
  const { result, error, session, stored } = await expectFailedRun(manager, store);
  await expectNoProcessLeft(box);
  const everything = JSON.stringify({
    result,
    error: error.toJSON(),
    details: error.details,
    run: stored,
    session: await store.getSession(session.id),
    events: await store.readEvents(session.id),
  });
  expect(everything.includes(API_KEY), 'the FAKE_KEY value in what was stored').toBe(false);
  expect(everything.includes(OPTION_KEY), 'the apiKey option in what was stored').toBe(false);
  return { result, error, everything };
}

// What the real API says about a bad key names the key: the message must not reach the store.
const leaky = (status: number): FakeResponsesReply => ({
  error: { status, message: `Incorrect API key provided: ${API_KEY} / ${OPTION_KEY}.` },
});

describe('HTTP errors of the Responses API', () => {
  it.each([
    [401, 'provider_authentication_failed', 401],
    [403, 'provider_authentication_failed', 403],
    [429, 'provider_rate_limited', 429],
    [503, 'provider_unavailable', 503],
  ])('HTTP %i fails the run with %s, its status in details', async (status, code, inDetails) => {
    const { result, error } = await failedRun({}, [leaky(status)]);
    expect(error.code, summary(result)).toBe(code);
    expect(error.details).toMatchObject({ provider: 'codex', status: inDetails });
    expect(error.message).toContain(String(status));
    expect(error.retryable).toBe(code !== 'provider_authentication_failed');
    expect(error.details.threadId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(String(error.details.stderr ?? '')).not.toBe('');
  });

  it('HTTP 500, which the binary reports only as "high demand", fails with provider_unavailable', async () => {
    const { result, error } = await failedRun({}, [leaky(500)]);
    expect(error.code, summary(result)).toBe('provider_unavailable');
    expect(error.message).toMatch(/high demand/i);
    expect(error.details).toMatchObject({ provider: 'codex', status: null });
    expect(error.retryable).toBe(true);
  });
});

describe('other provider failures', () => {
  it.each([
    // The binary passes the message on (the key in it redacted) …
    [
      'provider_rate_limited',
      'Rate limit reached for gpt-5.5',
      'rate_limit_exceeded',
      'Rate limit reached for gpt-5.5 (key [redacted])',
    ],
    // … or, for a quota, says it in its own words.
    [
      'provider_quota_exceeded',
      'You exceeded your current quota, please check your plan and billing details.',
      'insufficient_quota',
      'Quota exceeded',
    ],
  ])('a response.failed event fails the run with %s', async (code, message, errorCode, shown) => {
    const { result, error } = await failedRun({}, [
      { failed: { message: `${message} (key ${API_KEY})`, code: errorCode } },
    ]);
    expect(error.code, summary(result)).toBe(code);
    expect(error.message).toContain(shown);
  });

  it('a response.failed event without a known cause fails the run with provider_unavailable', async () => {
    // The binary reports it as "stream disconnected before completion: …".
    const { result, error } = await failedRun({}, [{ failed: { message: 'Something broke' } }]);
    expect(error.code, summary(result)).toBe('provider_unavailable');
    expect(error.message).toContain('Something broke');
  });

  it('an API that is not listening fails the run with provider_unavailable', async () => {
    const port = await closedPort();
    const started = performance.now();
    const { result, error } = await failedRun({
      config: fakeCodexConfig(`http://127.0.0.1:${port}`) as Record<string, CodexConfigValue>,
    });
    console.info(`closed port to run_failed: ${(performance.now() - started).toFixed(0)} ms`);
    expect(error.code, summary(result)).toBe('provider_unavailable');
    expect(error.details).toMatchObject({ provider: 'codex', status: null });
  });

  it('a missing binary fails the run with provider_unavailable naming the path', async () => {
    const { result, error } = await failedRun({ codexPathOverride: '/nonexistent/codex' });
    expect(error.code, summary(result)).toBe('provider_unavailable');
    expect(error.message).toContain('/nonexistent/codex');
  });
});
