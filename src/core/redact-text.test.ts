import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, secretList } from './redact-text.js';

describe('redactText', () => {
  it('replaces every secret, one containing another whole, and leaves other text alone', () => {
    const secrets = secretList(['sk-1', 'sk-1-long', 'sk-1', '']);
    expect(secrets).toEqual(['sk-1-long', 'sk-1']);
    expect(redactText('a sk-1-long b sk-1 c', secrets)).toBe(`a ${REDACTED} b ${REDACTED} c`);
    expect(redactText('nothing here', secrets)).toBe('nothing here');
  });
});
