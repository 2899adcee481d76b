import { describe, expect, it } from 'vitest';
import { colors, useColor } from './colors.js';
import { startSpinner } from './spinner.js';

const tty = { isTTY: true, write: () => true };
const pipe = { isTTY: false, write: () => true };

describe('useColor', () => {
  it('colors a terminal only', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor({ write: () => true }, {})).toBe(false);
  });

  it('never colors with NO_COLOR set to a non-empty value', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
  });
});

describe('colors', () => {
  it('wraps text in ANSI styles when enabled, leaves it alone otherwise', () => {
    expect(colors(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(colors(false).red('x')).toBe('x');
    expect(colors(false).bold('x')).toBe('x');
  });
});

describe('startSpinner', () => {
  it('draws a frame and erases it on stop, once', () => {
    const written: string[] = [];
    const spinner = startSpinner({ isTTY: true, write: (t) => written.push(t) }, 'Thinking…', true);
    spinner.stop();
    spinner.stop();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/Thinking…$/);
    expect(written[1]).toBe('\r\u001b[2K');
  });

  it('draws nothing when disabled', () => {
    const written: string[] = [];
    startSpinner({ write: (t) => written.push(t) }, 'x', false).stop();
    expect(written).toEqual([]);
  });
});
