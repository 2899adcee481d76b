import { describe, expect, it } from 'vitest';
import { retryBusy, retryBusySync } from './busy-retry.js';

function busyError(code = 'SQLITE_BUSY'): Error {
  return Object.assign(new Error('database is locked'), { code });
}

/** A function that fails with `error` `failures` times, then returns 'done'. */
function flaky(failures: number, error: () => Error) {
  let calls = 0;
  const fn = () => {
    calls++;
    if (calls <= failures) throw error();
    return 'done';
  };
  return { fn, calls: () => calls };
}

describe('retryBusy', () => {
  it('retries SQLITE_BUSY and SQLITE_LOCKED until the call succeeds', async () => {
    let retries = 0;
    const policy = { timeoutMs: 1000, onRetry: () => retries++ };
    const busy = flaky(3, () => busyError('SQLITE_BUSY_RECOVERY'));
    expect(await retryBusy('op', policy, 'storage_read_failed', busy.fn)).toBe('done');
    expect(busy.calls()).toBe(4);
    const locked = flaky(2, () => busyError('SQLITE_LOCKED'));
    expect(retryBusySync('op', policy, 'storage_read_failed', locked.fn)).toBe('done');
    expect(retries).toBe(5);
  });

  it('passes other errors through at once', async () => {
    const other = flaky(1, () =>
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }),
    );
    await expect(
      retryBusy('op', { timeoutMs: 1000 }, 'storage_write_failed', other.fn),
    ).rejects.toThrow('disk I/O error');
    expect(other.calls()).toBe(1);
  });

  it('gives up after the timeout (and at least three tries) with the given code', async () => {
    const always = flaky(Number.POSITIVE_INFINITY, () => busyError());
    const error = await retryBusy(
      'write',
      { timeoutMs: 0 },
      'storage_write_failed',
      always.fn,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'storage_write_failed', details: { reason: 'busy' } });
    expect((error as Error).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(always.calls()).toBe(3);
    expect(() =>
      retryBusySync('open', { timeoutMs: 0 }, 'storage_connection_failed', always.fn),
    ).toThrowError(expect.objectContaining({ code: 'storage_connection_failed' }));
  });
});
