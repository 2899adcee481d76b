import { describe, expect, it } from 'vitest';
import { ABORTED, AbortRace } from './abort-race.js';
import { settledWithin } from './settle.js';

const never = new Promise<never>(() => {});

describe('settledWithin', () => {
  it('ends when the promise settles, also by rejecting, and never rejects', async () => {
    await expect(settledWithin(Promise.reject(new Error('x')), 10_000)).resolves.toBeUndefined();
  });

  it('ends after ms, or at once when the signal aborts', async () => {
    const started = performance.now();
    await settledWithin(never, 20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const waiting = settledWithin(never, 60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(settledWithin(never, 60_000, controller.signal)).resolves.toBeUndefined();
  });
});

describe('AbortRace', () => {
  it('gives the value, or ABORTED once the signal aborts, also when it was aborted before', async () => {
    const controller = new AbortController();
    const race = new AbortRace(controller.signal);
    expect(await race.race(Promise.resolve(1))).toBe(1);
    const pending = race.race(never);
    controller.abort();
    expect(await pending).toBe(ABORTED);
    race.dispose();
    expect(await new AbortRace(controller.signal).race(never)).toBe(ABORTED);
  });

  it('passes a rejection through', async () => {
    const race = new AbortRace(new AbortController().signal);
    await expect(race.race(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
