import { describe, expect, it } from 'vitest';
import { estimateTokens, replyPieces, splitText } from './split-text.js';

describe('splitText', () => {
  it('splits into nearly equal, non-empty pieces that join back to the text', () => {
    expect(splitText('abcdefg', 3)).toEqual(['ab', 'cd', 'efg']);
    expect(splitText('ab', 5)).toEqual(['a', 'b']);
    expect(splitText('', 3)).toEqual([]);
    expect(splitText('héllo 👋', 7).join('')).toBe('héllo 👋');
    expect(splitText('👋👋', 2)).toEqual(['👋', '👋']);
  });
});

describe('replyPieces', () => {
  it('keeps given pieces, splits by a count, and sends one piece by default', () => {
    expect(replyPieces('ignored', ['a', 'b'])).toEqual(['a', 'b']);
    expect(replyPieces('abcd', 2)).toEqual(['ab', 'cd']);
    expect(replyPieces('abcd', undefined)).toEqual(['abcd']);
  });
});

describe('estimateTokens', () => {
  it('counts four characters a token and never less than one', () => {
    expect(estimateTokens('')).toBe(1);
    expect(estimateTokens('abcdefghi')).toBe(3);
  });
});
