import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { exitCodeOf } from './cli-error.js';
import { createAdapter, mockLatency, resolveProvider } from './provider.js';

function failure(fn: () => unknown): AgentSessionError {
  try {
    fn();
  } catch (error) {
    if (AgentSessionError.isInstance(error)) return error;
  }
  throw new Error('expected an AgentSessionError');
}

describe('resolveProvider', () => {
  it('defaults to mock when no provider is configured', () => {
    expect(resolveProvider(undefined, {})).toBe('mock');
    expect(resolveProvider('mock', { ANTHROPIC_API_KEY: 'k' })).toBe('mock');
  });

  it('uses claude when chosen, or when ANTHROPIC_API_KEY is set and no --provider is given', () => {
    expect(resolveProvider('claude', {})).toBe('claude');
    expect(resolveProvider(undefined, { ANTHROPIC_API_KEY: 'sk-secret' })).toBe('claude');
    expect(resolveProvider(undefined, { ANTHROPIC_API_KEY: 'k', OPENAI_API_KEY: 'o' })).toBe(
      'claude',
    );
  });

  it('uses codex when chosen, or when only OPENAI_API_KEY or CODEX_API_KEY is set', () => {
    expect(resolveProvider('codex', {})).toBe('codex');
    expect(resolveProvider(undefined, { OPENAI_API_KEY: 'sk-x' })).toBe('codex');
    expect(resolveProvider(undefined, { CODEX_API_KEY: 'sk-x' })).toBe('codex');
    expect(resolveProvider('mock', { OPENAI_API_KEY: 'sk-x' })).toBe('mock');
  });

  it('rejects an unknown provider as a usage error', () => {
    const error = failure(() => resolveProvider('gpt', {}));
    expect(error.message).toBe("unknown provider 'gpt': use one of mock, claude, codex");
    expect(exitCodeOf(error)).toBe(2);
  });
});

describe('mock adapter', () => {
  it('uses ASM_MOCK_LATENCY_MS, default 15', () => {
    expect(mockLatency({})).toBe(15);
    expect(mockLatency({ ASM_MOCK_LATENCY_MS: '0' })).toBe(0);
    expect(() => mockLatency({ ASM_MOCK_LATENCY_MS: 'fast' })).toThrow(/ASM_MOCK_LATENCY_MS/);
  });

  it('creates a MockAdapter with the model', async () => {
    const adapter = await createAdapter({ provider: 'mock', model: 'm-1', env: {} });
    expect(adapter.name).toBe('mock');
    expect(adapter.model).toBe('m-1');
  });
});
