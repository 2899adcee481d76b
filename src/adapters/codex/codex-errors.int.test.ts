import { describe, expect, it } from 'vitest';
import {
  boxProcesses,
  eventually,
  ofType,
  runIn,
  useFakeCodex,
} from '../../../test/support/fake-codex-kit.js';
import { expectRunInvariants } from '../../../test/support/manager-kit.js';
import type { ErrorCode } from '../../core/error-codes.js';
import type { FakeCodexScript } from '../../testing/fake-codex/index.js';
import type { CodexAdapterOptions } from './codex-options.js';

// Failed Codex turns through SessionManager on the fake codex executable: each HTTP status of the
// model API arrives as its provider code, secrets in the binary's texts are redacted everywhere,
// a crash keeps the binary's stderr, a missing executable is provider_unavailable naming it.

const kit = useFakeCodex();
const ENV_SECRET = 'sk-env-secret-7Hq2-91f0c3a5e8d4b6';
const API_KEY = 'sk-apikey-secret-Zp4-0c4b1f9e2d83a6';

async function failedRun(script: FakeCodexScript, options: CodexAdapterOptions = {}) {
  const { box, store, manager } = kit.managed((b) => kit.adapter(script, options, b));
  const session = await manager.startSession({ agentId: 'failing' });
  const { run, result } = await runIn(manager, session.id, 'Hi');
  expect(result.status).toBe('failed');
  const { events } = await expectRunInvariants(store, run.id);
  expect(ofType(events, 'run_failed')).toHaveLength(1);
  expect(await eventually(() => boxProcesses(box).length === 0, 2_000)).toBe(true);
  const error = result.error;
  if (error === null) throw new Error('a failed run without its error');
  const stored = await store.getRun(run.id);
  const everything = JSON.stringify({
    message: error.message,
    details: error.details,
    events,
    stored,
    session: await store.getSession(session.id),
  });
  return { error, events, stored, everything };
}

const secrets = { apiKey: API_KEY, env: { OPENAI_API_KEY: ENV_SECRET } };

describe('HTTP errors of the model API', () => {
  const cases: [number, ErrorCode, number | null][] = [
    [401, 'provider_authentication_failed', 401],
    [403, 'provider_authentication_failed', 403],
    [429, 'provider_rate_limited', 429],
    // The binary's 500 text names no status, only "high demand".
    [500, 'provider_unavailable', null],
    [503, 'provider_unavailable', 503],
  ];
  it.each(cases)(
    'HTTP %i fails the run with %s, its status and the stderr, secrets redacted',
    async (status, code, detailStatus) => {
      const { error, stored, everything } = await failedRun(
        { turns: [{ error: { status, message: `bad key ${ENV_SECRET} or ${API_KEY}` } }] },
        secrets,
      );
      expect(error.code).toBe(code);
      expect(error.details).toMatchObject({ provider: 'codex', status: detailStatus });
      expect(error.details.threadId).toMatch(/^[0-9a-f-]{36}$/);
      expect(String(error.details.stderr)).toContain('Reading prompt from stdin');
      if (detailStatus === null) expect(error.message).toContain('high demand');
      else expect(error.message).toContain(String(status));
      expect(stored.error?.code).toBe(code);
      expect(everything).not.toContain(ENV_SECRET);
      expect(everything).not.toContain(API_KEY);
    },
  );

  it('the quoted API message is kept, with the secrets replaced', async () => {
    const { error, events } = await failedRun(
      { turns: [{ error: { status: 401, message: `invalid key ${API_KEY} for you` } }] },
      secrets,
    );
    expect(error.message).toContain('invalid key');
    expect(error.message).toContain('for you');
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(ofType(events, 'run_failed'))).toContain('invalid key');
  });
});

describe('secrets in a warning', () => {
  it('a warning quoting the key is stored redacted, and the run completes', async () => {
    const box = kit.box();
    const store = kit.store('memory');
    const manager = kit.manager(
      store,
      kit.adapter(
        { turns: [{ warning: `retrying with key ${ENV_SECRET}`, text: 'Ok.' }] },
        secrets,
        box,
      ),
    );
    const session = await manager.startSession({ agentId: 'warned' });
    const { result, events } = await runIn(manager, session.id, 'Hi');
    expect(result.status).toBe('completed');
    const [warning] = ofType(events, 'error_occurred');
    expect(warning?.data).toMatchObject({ fatal: false });
    expect(String(warning?.data.errorMessage)).toContain('retrying with key');
    expect(JSON.stringify(events)).not.toContain(ENV_SECRET);
  });
});

describe('a crash of the binary', () => {
  it('mid-turn is provider_error with its stderr, secrets redacted', async () => {
    const stderr = `panicked: request with ${ENV_SECRET} and ${API_KEY} failed\nthe last line\n`;
    const { error, everything } = await failedRun(
      { turns: [{ crash: true, stderr, exitCode: 3 }] },
      secrets,
    );
    expect(error.code).toBe('provider_error');
    const kept = String(error.details.stderr ?? '');
    expect(kept).toContain('panicked: request with');
    expect(kept).toContain('the last line');
    expect(everything).not.toContain(ENV_SECRET);
    expect(everything).not.toContain(API_KEY);
  });

  it('keeps the tail of a long stderr, cut', async () => {
    const stderr = `${'early noise '.repeat(1_000)}\nthe last line of the crash\n`;
    const { error } = await failedRun({ turns: [{ crash: true, stderr }] });
    const kept = String(error.details.stderr ?? '');
    expect(kept).toContain('the last line of the crash');
    expect(kept.length).toBeLessThan(stderr.length);
    expect(kept.length).toBeLessThanOrEqual(4_000);
  });
});

describe('a missing executable', () => {
  it("codexPathOverride '/nonexistent' is provider_unavailable naming the path", async () => {
    const { error } = await failedRun({ turns: [] }, { codexPathOverride: '/nonexistent' });
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('/nonexistent');
  });

  it('a workingDirectory that does not exist is validation_error naming the option', async () => {
    const { error } = await failedRun({ turns: [] }, { workingDirectory: '/nonexistent/work' });
    expect(error.code).toBe('validation_error');
    expect(error.message).toBe(
      'workingDirectory /nonexistent/work does not exist or is not a directory',
    );
  });
});
