import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/support/errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const key = fc.string({ minLength: 1, maxLength: 512, unit: 'grapheme' });

describe('cursors', () => {
  it('round-trip every key up to 512 characters, including unicode and punctuation', () => {
    fc.assert(fc.property(key, (k) => decodeCursor(encodeCursor(k)) === k));
  });

  it('are opaque strings that do not show the key', () => {
    const cursor = encodeCursor('ses_0123');
    expect(cursor).toMatch(/^c1\.[A-Za-z0-9_-]+\.[0-9a-z]+$/);
    expect(cursor).not.toContain('ses_0123');
  });

  it('reject anything the store did not issue with invalid_cursor', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        fc.pre(typeof value !== 'string' || !value.startsWith('c1.'));
        return codeOf(() => decodeCursor(value)) === 'invalid_cursor';
      }),
    );
  });

  it('reject well-prefixed garbage with invalid_cursor', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const cursor = `c1.${tail}`;
        const code = codeOf(() => decodeCursor(cursor));
        // Only a cursor that re-encodes to itself, checksum included, is accepted.
        if (code === null) return encodeCursor(decodeCursor(cursor)) === cursor;
        return code === 'invalid_cursor';
      }),
    );
    const tampered = `${encodeCursor('ses_b').slice(0, -1)}x`;
    const forged = `c1.${Buffer.from("x' OR 1=1 --").toString('base64url')}`;
    for (const bad of ['c1.', 'c1.!!!', `c1.${'A'.repeat(3000)}`, tampered, forged]) {
      expect(codeOf(() => decodeCursor(bad))).toBe('invalid_cursor');
    }
  });

  it('name the field in the error', () => {
    try {
      decodeCursor('nope', 'filter.cursor');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_cursor', details: { field: 'filter.cursor' } });
      expect((error as Error).message).toContain('filter.cursor');
    }
  });
});
