import { describe, expect, it } from 'vitest';
import { envSecrets, textRedactor } from './env-secrets.js';

describe('envSecrets', () => {
  it('takes the values of key, token, secret and password variables, longest first', () => {
    const secrets = envSecrets({
      ANTHROPIC_API_KEY: 'sk-ant-aaaaaaaa',
      GITHUB_TOKEN: 'ghp_bbbbbbbbbbbbbbbb',
      DB_PASSWORD: 'hunter2hunter2',
      PATH: '/usr/bin:/bin',
      HOME: '/root',
      SHORT_KEY: 'abc',
      UNSET_TOKEN: undefined,
    });
    expect(secrets).toEqual(['ghp_bbbbbbbbbbbbbbbb', 'sk-ant-aaaaaaaa', 'hunter2hunter2']);
  });
});

describe('textRedactor', () => {
  it('replaces every occurrence, a secret containing another whole', () => {
    const redact = textRedactor(envSecrets({ A_KEY: 'secret-1234', B_KEY: 'secret-1234-long' }));
    expect(redact('x secret-1234-long y secret-1234 z secret-1234')).toBe(
      'x [redacted] y [redacted] z [redacted]',
    );
  });

  it('returns the text untouched without secrets', () => {
    expect(textRedactor([])('sk-ant-aaaaaaaa')).toBe('sk-ant-aaaaaaaa');
  });
});
