import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/claude-kit.js';
import { boxProcesses, runIn, useFakeClaude } from '../../../test/support/fake-claude-kit.js';
import { expectRunInvariants } from '../../../test/support/manager-kit.js';
import type { ErrorCode } from '../../core/error-codes.js';
import type { FakeClaudeScript } from '../../testing/fake-claude/index.js';
import type { ClaudeAdapterOptions } from './claude-options.js';

// Failed Claude Code turns through SessionManager on the fake Claude executable: each HTTP status
// of the model API arrives as its provider code, a crash keeps the CLI's stderr (cut and with
// secrets redacted), a missing executable is provider_unavailable naming it.

const kit = useFakeClaude();
const API_KEY = 'sk-ant-secret-Qw7-0c4b1f9e2d83a675b1c0';

async function failedRun(script: FakeClaudeScript, options: ClaudeAdapterOptions = {}) {
  const { box, store, manager } = kit.managed((b) => kit.adapter(script, options, b));
  const session = await manager.startSession({ agentId: 'failing' });
  const { run, result } = await runIn(manager, session.id, 'Hi');
  expect(result.status).toBe('failed');
  const { events } = await expectRunInvariants(store, run.id);
  expect(await eventually(() => boxProcesses(box).length === 0, 2_000)).toBe(true);
  const error = result.error;
  if (error === null) throw new Error('a failed run without its error');
  return { error, events, stored: await store.getRun(run.id) };
}

describe('HTTP errors of the model API', () => {
  const cases: [number, ErrorCode][] = [
    [401, 'provider_authentication_failed'],
    [403, 'provider_authentication_failed'],
    [429, 'provider_rate_limited'],
    [500, 'provider_unavailable'],
    [529, 'provider_unavailable'],
    [503, 'provider_unavailable'],
  ];
  it.each(cases)('HTTP %i fails the run with %s and details.status', async (status, code) => {
    const { error, events, stored } = await failedRun({
      turns: [{ error: { status, message: `scripted failure ${status}` } }],
    });
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ provider: 'claude', status });
    expect(error.message).toContain(String(status));
    expect(stored.error?.code).toBe(code);
    expect(events.at(-1)).toMatchObject({ type: 'run_failed', data: { errorCode: code } });
  });
});

describe('secrets in an API error', () => {
  it('an API key quoted by the error message appears in neither the error nor the stored events', async () => {
    const { error, events } = await failedRun(
      { turns: [{ error: { status: 401, message: `invalid x-api-key ${API_KEY}` } }] },
      { env: { ANTHROPIC_API_KEY: API_KEY } },
    );
    expect(error.code).toBe('provider_authentication_failed');
    expect(error.message).toContain('invalid x-api-key');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      API_KEY,
    );
    expect(JSON.stringify(events)).toContain('invalid x-api-key');
    expect(JSON.stringify(events)).not.toContain(API_KEY);
  });
});

describe('a crash of the CLI', () => {
  it('mid-turn is provider_error with the stderr tail, cut to stderrLimit and the API key redacted', async () => {
    const stderr = `${'early noise '.repeat(800)}\nfatal: request with x-api-key ${API_KEY} failed\nthe last line of the crash\n`;
    const { error } = await failedRun(
      { turns: [{ crash: true, stderr }] },
      { stderrLimit: 300, env: { ANTHROPIC_API_KEY: API_KEY } },
    );
    expect(error.code).toBe('provider_error');
    const kept = String(error.details.stderr ?? '');
    expect(kept).toContain('the last line of the crash');
    expect(kept).toContain('fatal: request with x-api-key');
    expect(kept.length).toBeLessThanOrEqual(300);
    expect(kept).not.toContain('early noise early noise early noise '.repeat(10));
    expect(JSON.stringify(error.details)).not.toContain(API_KEY);
    expect(JSON.stringify(error.details)).not.toContain(API_KEY.slice(0, 16));
    expect(error.message).not.toContain(API_KEY);
  });

  it('keeps the whole stderr when it is short', async () => {
    const { error } = await failedRun({ turns: [{ crash: true }] });
    expect(error.code).toBe('provider_error');
    expect(error.details.stderr).toBe('fake-claude: scripted crash in the middle of a turn\n');
  });
});

describe('a missing executable', () => {
  it("'/nonexistent' itself is provider_unavailable naming it", async () => {
    const { error } = await failedRun(
      { turns: [] },
      { pathToClaudeCodeExecutable: '/nonexistent' },
    );
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('/nonexistent');
  });

  it('a cwd that does not exist is validation_error naming the option', async () => {
    const { error } = await failedRun({ turns: [] }, { cwd: '/nonexistent/work' });
    expect(error.code).toBe('validation_error');
    expect(error.message).toBe('cwd /nonexistent/work does not exist or is not a directory');
  });
});

describe('failures on a warm process (keepAlive)', () => {
  const warm = { keepAlive: { idleMs: 60_000 } };

  it('HTTP 429 is provider_rate_limited, and the process is ended', async () => {
    const { error } = await failedRun({ turns: [{ error: { status: 429 } }] }, warm);
    expect(error.code).toBe('provider_rate_limited');
    expect(error.details.status).toBe(429);
  });

  it('a crash is provider_error with the stderr', async () => {
    const { error } = await failedRun({ turns: [{ crash: true, stderr: 'warm crash\n' }] }, warm);
    expect(error.code).toBe('provider_error');
    expect(error.details.stderr).toBe('warm crash\n');
  });

  it("'/nonexistent' is provider_unavailable naming it", async () => {
    const { error } = await failedRun(
      { turns: [] },
      { ...warm, pathToClaudeCodeExecutable: '/nonexistent' },
    );
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('/nonexistent');
  });
});
