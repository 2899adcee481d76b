import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { FAKE_CODEX_LOG_ENV, FAKE_CODEX_SCRIPT_ENV, fakeCodexEnv } from './fake-codex-env.js';
import type { FakeCodexScript } from './fake-codex-script.js';

describe('fakeCodexEnv', () => {
  it('carries the script as JSON over the base env and copies PATH when the base has none', () => {
    const script: FakeCodexScript = { turns: [{ text: 'hi' }] };
    const env = fakeCodexEnv(script, { HOME: '/h' }, { logFile: '/tmp/log' });
    expect(JSON.parse(env[FAKE_CODEX_SCRIPT_ENV] as string)).toEqual(script);
    expect(env).toMatchObject({
      HOME: '/h',
      PATH: process.env.PATH,
      [FAKE_CODEX_LOG_ENV]: '/tmp/log',
    });
    expect(fakeCodexEnv(script, { PATH: '/only' }).PATH).toBe('/only');
  });

  it('refuses a script without a turns array as validation_error', () => {
    const bad = { turns: 'x' } as unknown as FakeCodexScript;
    expect(() => fakeCodexEnv(bad)).toThrow(AgentSessionError);
    expect(() => fakeCodexEnv(bad)).toThrow(/script\.turns/);
  });
});
