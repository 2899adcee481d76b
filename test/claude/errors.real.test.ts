import { describe, expect, it } from 'vitest';
import type { ClaudeAdapterOptions } from '../../src/adapters/claude/claude-options.js';
import type { FakeAnthropicReply } from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import { type ClaudeSandbox, sandboxProcesses, useClaudeFake } from '../support/claude-kit.js';
import { closedPort, expectFailedRun, summary } from '../support/failed-runs.js';
import { expectNoProcessLeft as processesGone, useManagers } from '../support/provider-runs.js';

// Failures of the real Claude Code CLI (against the fake Anthropic server), through a
// SessionManager: each is one run_failed with the mapped code, details that say what happened,
// no process left, and the API key nowhere in what is stored or returned.

const API_KEY = 'sk-ant-secret-XYZ-4f9c2e71b8d05a63c1e7';

const kit = useClaudeFake();
const managerOn = useManagers();

function setup(options: ClaudeAdapterOptions = {}) {
  const box = kit.sandbox();
  const env = { ANTHROPIC_API_KEY: API_KEY, ...options.env };
  return { box, ...managerOn(kit.adapter({ ...options, env }, box)) };
}

const expectNoProcessLeft = (box: ClaudeSandbox) => processesGone(() => sandboxProcesses(box));

/** Run one prompt; check the failure's invariants; return the result and all that was stored. */
async function failedRun(options: ClaudeAdapterOptions, replies: FakeAnthropicReply[] = []) {
  const { box, store, manager } = setup(options);
  kit.fake.enqueue(...replies);
  const { result, error, session, stored } = await expectFailedRun(manager, store);
  await expectNoProcessLeft(box);
  const everything = JSON.stringify({
    result,
    error: error.toJSON(),
    run: stored,
    session: await store.getSession(session.id),
    events: await store.readEvents(session.id),
  });
  expect(everything.includes(API_KEY), 'the API key in what was stored or returned').toBe(false);
  return { result, error, everything };
}

describe('HTTP errors of the Anthropic API', () => {
  it.each([
    [401, 'provider_authentication_failed'],
    [403, 'provider_authentication_failed'],
    [429, 'provider_rate_limited'],
    [500, 'provider_unavailable'],
    [503, 'provider_unavailable'],
    [529, 'provider_unavailable'],
  ])('HTTP %i fails the run with %s, its status in details', async (status, code) => {
    const { result, error } = await failedRun({}, [{ error: { status } }]);
    expect(error.code, summary(result)).toBe(code);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.details).toMatchObject({ provider: 'claude', status });
    expect(error.retryable).toBe(code !== 'provider_authentication_failed');
  });
});

describe('other provider failures', () => {
  it('an API that is not listening fails the run with provider_unavailable', async () => {
    const port = await closedPort();
    const { result, error } = await failedRun({
      env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` },
    });
    expect(error.code, summary(result)).toBe('provider_unavailable');
    expect(error.details).toMatchObject({ provider: 'claude', status: null });
  });

  it('maxTurns: 1 with a tool use fails the run with provider_error, subtype error_max_turns', async () => {
    const { result, error } = await failedRun({ maxTurns: 1, allowedTools: ['Bash'] }, [
      { toolUse: { name: 'Bash', input: { command: 'echo one' } } },
    ]);
    expect(error.code, summary(result)).toBe('provider_error');
    expect(error.details).toMatchObject({ subtype: 'error_max_turns', status: null });
    expect(error.message).toContain('maxTurns');
  });

  it('a missing executable fails the run with provider_unavailable naming the path', async () => {
    const { result, error } = await failedRun({
      pathToClaudeCodeExecutable: '/nonexistent/claude',
    });
    expect(error.code, summary(result)).toBe('provider_unavailable');
    expect(error.message).toContain('/nonexistent/claude');
  });
});

describe("the CLI's stderr in error details", () => {
  // An unknown command-line option makes the CLI print an error to stderr and exit 1; naming the
  // option after the API key puts the key in that output.
  const badOption = `no-such-option-${API_KEY}`;

  it('is kept, redacted, when the CLI fails', async () => {
    const { result, error } = await failedRun({ sdkOptions: { extraArgs: { [badOption]: null } } });
    expect(error.code, summary(result)).toBe('provider_error');
    const stderr = String(error.details.stderr ?? '');
    expect(stderr).toContain('unknown option');
    expect(stderr).toContain('no-such-option-[redacted]');
  });

  it('keeps at most stderrLimit characters, without a partial API key where it was cut', async () => {
    const { error: full } = await failedRun({ sdkOptions: { extraArgs: { [badOption]: null } } });
    const fullStderr = String(full.details.stderr ?? '');
    const after = fullStderr.slice(fullStderr.indexOf('[redacted]') + '[redacted]'.length);
    // Cut 12 characters into the end of the key.
    const stderrLimit = after.length + 12;
    const { error, everything } = await failedRun({
      stderrLimit,
      sdkOptions: { extraArgs: { [badOption]: null } },
    });
    const stderr = String(error.details.stderr ?? '');
    expect(stderr.length).toBeGreaterThan(0);
    expect(stderr.length).toBeLessThanOrEqual(stderrLimit);
    expect(stderr.endsWith(after)).toBe(true);
    expect(everything.includes(API_KEY.slice(-12)), 'the end of the API key is stored').toBe(false);
  });
});
