import { describe, expect, it } from 'vitest';
import { parseCommandArgs, parseDuration, parseIntegerFlag } from './args.js';
import { exitCodeOf } from './cli-error.js';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(exitCodeOf(error)).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandArgs', () => {
  const options = { limit: { type: 'string' }, json: { type: 'boolean' } } as const;

  it('parses flags, the common ones and positionals', () => {
    const args = parseCommandArgs('show', ['ses_1', '--json', '--store', 'memory:'], options, 1);
    expect(args.positionals).toEqual(['ses_1']);
    expect(args.values).toMatchObject({ json: true, store: 'memory:' });
  });

  it('names an unknown flag and the command', () => {
    expect(usage(() => parseCommandArgs('run', ['--bogus'], options, 1))).toBe(
      "unknown option '--bogus' for 'asm run' (see asm run --help)",
    );
  });

  it('rejects a missing value and too many positionals', () => {
    expect(usage(() => parseCommandArgs('sessions', ['--limit'], options, 0))).toMatch(
      /option '--limit' needs a value/,
    );
    expect(usage(() => parseCommandArgs('show', ['a', 'b'], options, 1))).toMatch(
      /too many arguments for 'asm show'/,
    );
  });

  it('lets --help through with extra positionals', () => {
    expect(parseCommandArgs('show', ['a', 'b', '-h'], options, 1).values.help).toBe(true);
  });
});

describe('parseIntegerFlag', () => {
  it('accepts whole numbers in range', () => {
    expect(parseIntegerFlag('20', 'limit', 1, 1000)).toBe(20);
    expect(parseIntegerFlag(undefined, 'limit', 1, 1000)).toBeUndefined();
  });

  it('rejects anything else, naming the flag', () => {
    expect(usage(() => parseIntegerFlag('abc', 'limit', 1, 10))).toMatch(
      /--limit must be a positive integer/,
    );
    expect(usage(() => parseIntegerFlag('0', 'limit', 1, 10))).toMatch(/positive integer, got '0'/);
    expect(usage(() => parseIntegerFlag('-1', 'after', 0, 10))).toMatch(/--after must be a whole/);
    expect(usage(() => parseIntegerFlag('11', 'limit', 1, 10))).toMatch(/at most 10, got 11/);
  });

  it('takes a negative number after a string flag as its value, so the flag can explain it', () => {
    const options = { limit: { type: 'string' } } as const;
    expect(parseCommandArgs('sessions', ['--limit', '-1'], options, 0).values.limit).toBe('-1');
    expect(usage(() => parseCommandArgs('sessions', ['--limit', '-x'], options, 0))).toMatch(
      /needs a value|ambiguous/,
    );
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m and bare seconds', () => {
    expect(parseDuration('500ms', 'timeout')).toBe(500);
    expect(parseDuration('1.5s', 'timeout')).toBe(1500);
    expect(parseDuration('2m', 'timeout')).toBe(120_000);
    expect(parseDuration('30', 'timeout')).toBe(30_000);
  });

  it('rejects malformed and zero durations', () => {
    expect(usage(() => parseDuration('soon', 'timeout'))).toMatch(/--timeout must be a duration/);
    expect(usage(() => parseDuration('0ms', 'timeout'))).toMatch(/at least 1ms/);
  });
});
