import { describe, expect, it } from 'vitest';
import { isIsoTimestamp, nowIso } from './clock.js';
import { isId, newId } from './ids.js';

describe('newId', () => {
  it('makes prefixed ids of 32 lowercase hex digits', () => {
    for (const prefix of ['ses', 'run', 'evt'] as const) {
      const id = newId(prefix);
      expect(id).toMatch(new RegExp(`^${prefix}_[0-9a-f]{32}$`));
      expect(isId(id, prefix)).toBe(true);
    }
    expect(isId(newId('ses'), 'run')).toBe(false);
    expect(isId('ses_XYZ')).toBe(false);
    expect(isId(42)).toBe(false);
  });

  it('orders ids by creation time and puts the clock in the first 12 hex digits', () => {
    const early = newId('evt', 1_700_000_000_000);
    const late = newId('evt', 1_700_000_000_001);
    expect(early < late).toBe(true);
    expect(early.slice(4, 16)).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });

  it('does not repeat across many ids (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('evt', 1)));
    expect(ids.size).toBe(20_000);
  });
});

describe('nowIso', () => {
  it('formats the given millisecond as ISO-8601 UTC', () => {
    expect(nowIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(nowIso(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123Z');
    expect(isIsoTimestamp(nowIso())).toBe(true);
  });

  it('recognises timestamps', () => {
    expect(isIsoTimestamp('2026-01-02T03:04:05Z')).toBe(true);
    expect(isIsoTimestamp('2026-13-40T03:04:05Z')).toBe(false);
    expect(isIsoTimestamp('yesterday')).toBe(false);
    expect(isIsoTimestamp(5)).toBe(false);
  });

  it('answers the same for a timestamp checked again, and still refuses bad ones after good ones', () => {
    const good = ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.123+02:00', nowIso(), nowIso(0)];
    for (let round = 0; round < 3; round++) {
      for (const value of good) expect(isIsoTimestamp(value)).toBe(true);
      for (const value of ['', '2026-02-30T00:00:00Z x', '2026-13-01T00:00:00Z', 'T']) {
        expect(isIsoTimestamp(value)).toBe(false);
      }
    }
  });
});
