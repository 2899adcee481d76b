import { describe, expect, it } from 'vitest';
import { visible } from './terminal-text.js';

const ESC = String.fromCharCode(0x1b);

describe('visible', () => {
  it('shows ESC, BEL and other C0 controls as pictures, keeping newlines and tabs', () => {
    expect(visible(`${ESC}]0;pwned${String.fromCharCode(7)}`)).toBe('␛]0;pwned␇');
    expect(visible(`a\tb\nc\rd${String.fromCharCode(0)}`)).toBe('a\tb\nc␍d␀');
  });

  it('escapes DEL, C1 controls and bidi overrides', () => {
    expect(visible(`x${String.fromCharCode(0x7f)}`)).toBe('x␡');
    expect(visible(`${String.fromCharCode(0x9b)}31m`)).toBe('\\u009b31m');
    expect(visible('abc\u202Egnp.exe\u2066')).toBe('abc\\u202egnp.exe\\u2066');
  });

  it('leaves ordinary text, emoji and other scripts alone', () => {
    const text = 'Grüße, 世界 👋🏽 — שלום';
    expect(visible(text)).toBe(text);
  });
});
