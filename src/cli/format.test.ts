import { describe, expect, it } from 'vitest';
import { SessionEvent } from '../core/session-event.js';
import { colors } from './colors.js';
import { clip, eventLine } from './event-line.js';
import { formatCost, formatDuration, formatTokens, shellQuote } from './format.js';

describe('formatting', () => {
  it('formats tokens, cost and durations', () => {
    expect(formatTokens({ inputTokens: 1000, outputTokens: 234, totalTokens: 1234 })).toBe(
      '1,234 tokens (1,000 in · 234 out)',
    );
    expect(formatTokens(null)).toBe('0 tokens (0 in · 0 out)');
    expect(formatTokens({ inputTokens: 1_234_567, outputTokens: 12, totalTokens: 1_234_579 })).toBe(
      '1,234,579 tokens (1,234,567 in · 12 out)',
    );
    expect(formatCost(null)).toBe('cost n/a');
    expect(formatCost(0.01234)).toBe('$0.0123');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(125_000)).toBe('2m 05s');
  });

  it('quotes for the shell and clips to one line', () => {
    expect(shellQuote('say "hi" $HOME')).toBe('"say \\"hi\\" \\$HOME"');
    expect(clip('a\nb')).toBe('a⏎b');
    expect(clip('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('renders an event as one line with seq, time, type and summary', () => {
    const event = SessionEvent.create({
      type: 'run_failed',
      sessionId: 'ses_1',
      runId: 'run_1',
      seq: 7,
      timestamp: '2026-01-02T03:04:05.678Z',
      data: { errorCode: 'provider_error', errorMessage: 'boom' },
    });
    expect(eventLine(event, colors(false))).toBe(
      '     7  03:04:05.678  run_failed           provider_error: boom\n',
    );
    expect(eventLine(event, colors(true))).toContain('\u001b[31mrun_failed');
  });
});
