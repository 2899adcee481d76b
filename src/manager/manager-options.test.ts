import { describe, expect, it } from 'vitest';
import { checkManagerOptions, expectTimerMs, isTimerMs, MAX_TIMER_MS } from './manager-options.js';

const adapter = { name: 'a', capabilities: () => [], execute: async () => ({}) };

function fieldOf(options: unknown): string {
  try {
    checkManagerOptions(options);
  } catch (error) {
    const e = error as { code: string; details: { field: string } };
    expect(e.code).toBe('validation_error');
    return e.details.field;
  }
  return 'accepted';
}

describe('checkManagerOptions', () => {
  it('applies defaults', () => {
    expect(checkManagerOptions({ adapter })).toMatchObject({
      onLimit: 'reject',
      heartbeatIntervalMs: 5000,
      recoverOnStart: null,
      secrets: [],
      ownerId: null,
    });
  });

  it('names the bad field', () => {
    expect(fieldOf(undefined)).toBe('options');
    expect(fieldOf({})).toBe('options.adapter');
    expect(fieldOf({ adapter: { ...adapter, name: '' } })).toBe('options.adapter.name');
    expect(fieldOf({ adapter: { ...adapter, execute: 1 } })).toBe('options.adapter.execute');
    expect(fieldOf({ adapter, store: {} })).toBe('options.store');
    expect(fieldOf({ adapter, limits: { onLimit: 'queue' } })).toBe('options.limits.onLimit');
    expect(fieldOf({ adapter, limits: { maxParallelRuns: 0 } })).toBe(
      'options.limits.maxParallelRuns',
    );
    expect(fieldOf({ adapter, limits: { maxParallelSessions: 1.5 } })).toBe(
      'options.limits.maxParallelSessions',
    );
    expect(fieldOf({ adapter, telemetry: {} })).toBe('options.telemetry');
    expect(fieldOf({ adapter, ownerId: 3 })).toBe('options.ownerId');
    expect(fieldOf({ adapter, heartbeatIntervalMs: 0 })).toBe('options.heartbeatIntervalMs');
    expect(fieldOf({ adapter, recoverOnStart: { staleAfterMs: -1 } })).toBe(
      'options.recoverOnStart.staleAfterMs',
    );
    expect(fieldOf({ adapter, secrets: 'x' })).toBe('options.secrets');
    expect(fieldOf({ adapter, secrets: ['ok', ''] })).toBe('options.secrets[1]');
  });

  it('accepts class-instance adapters and telemetry: false', () => {
    class A {
      name = 'cls';
      capabilities() {
        return [];
      }
      async execute() {
        return {};
      }
    }
    expect(fieldOf({ adapter: new A(), telemetry: false, recoverOnStart: true })).toBe('accepted');
  });

  it('bounds heartbeatIntervalMs by MAX_TIMER_MS', () => {
    expect(fieldOf({ adapter, heartbeatIntervalMs: 2 ** 31 })).toBe('options.heartbeatIntervalMs');
    expect(checkManagerOptions({ adapter, heartbeatIntervalMs: MAX_TIMER_MS })).toMatchObject({
      heartbeatIntervalMs: MAX_TIMER_MS,
    });
  });
});

describe('expectTimerMs', () => {
  it('accepts integers from min to 2^31 - 1 and names the field and the bound otherwise', () => {
    expect(expectTimerMs(1, 'f')).toBe(1);
    expect(expectTimerMs(MAX_TIMER_MS, 'f')).toBe(MAX_TIMER_MS);
    expect(expectTimerMs(0, 'f', 0)).toBe(0);
    for (const bad of [0, -1, 1.5, 2 ** 31, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
      expect(() => expectTimerMs(bad, 'options.pollIntervalMs')).toThrow(/options\.pollIntervalMs/);
      expect(isTimerMs(bad)).toBe(false);
    }
    expect(() => expectTimerMs(2 ** 31, 'f')).toThrow(`f must be at most ${MAX_TIMER_MS} ms`);
    expect(isTimerMs(MAX_TIMER_MS)).toBe(true);
  });
});
