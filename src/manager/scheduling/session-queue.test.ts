import { describe, expect, it } from 'vitest';
import { SessionQueue } from './session-queue.js';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('SessionQueue', () => {
  it('runs one session’s tasks in order, one at a time, and reports the drain', async () => {
    const drained: string[] = [];
    const q = new SessionQueue((id) => drained.push(id));
    const log: string[] = [];
    let active = 0;
    const task = (name: string) => async () => {
      active++;
      expect(active).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      active--;
      return name;
    };
    const results = await Promise.all([
      q.run('s', task('a')),
      q.run('s', task('b')),
      q.run('s', task('c')),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(drained).toEqual(['s']);
    expect(q.size('s')).toBe(0);
  });

  it('runs different sessions concurrently', async () => {
    const q = new SessionQueue(() => {});
    let active = 0;
    let max = 0;
    const task = async () => {
      active++;
      max = Math.max(max, active);
      await tick(5);
      active--;
    };
    await Promise.all([q.run('a', task), q.run('b', task)]);
    expect(max).toBe(2);
  });

  it('an aborted waiter leaves without letting later tasks overtake the running one', async () => {
    const q = new SessionQueue(() => {});
    const log: string[] = [];
    let release!: () => void;
    const first = q.run(
      's',
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            log.push('first done');
            resolve();
          };
        }),
    );
    const controller = new AbortController();
    const second = q.run('s', async () => log.push('second ran'), controller.signal);
    const third = q.run('s', async () => void log.push('third ran'));
    await tick();
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    await tick();
    expect(log).toEqual([]);
    release();
    await Promise.all([first, third]);
    expect(log).toEqual(['first done', 'third ran']);
  });

  it('a failing task does not block the next', async () => {
    const q = new SessionQueue(() => {});
    const failing = q.run('s', async () => {
      throw new Error('x');
    });
    const next = q.run('s', async () => 'ok');
    await expect(failing).rejects.toThrow('x');
    await expect(next).resolves.toBe('ok');
  });
});
