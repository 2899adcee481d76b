import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return AgentSessionError.isInstance(error) ? error.code : `not AgentSessionError: ${error}`;
  }
  return undefined;
}

async function rejectionCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return AgentSessionError.isInstance(error) ? error.code : `not AgentSessionError: ${error}`;
  }
  return undefined;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter limits', () => {
  it('defaults to 100 sessions and 50 runs', () => {
    const status = new ConcurrencyLimiter().status();
    expect(status).toMatchObject({ maxParallelSessions: 100, maxParallelRuns: 50 });
    expect(status).toMatchObject({ availableSessionSlots: 100, availableRunSlots: 50 });
  });

  it.each([0, -1, 1.5, Number.NaN, '2'])('rejects limit %s with validation_error', (value) => {
    expect(codeOf(() => new ConcurrencyLimiter({ maxParallelRuns: value as number }))).toBe(
      'validation_error',
    );
    expect(codeOf(() => new ConcurrencyLimiter({ maxParallelSessions: value as number }))).toBe(
      'validation_error',
    );
  });
});

describe('ConcurrencyLimiter reject mode', () => {
  it('acquires session slots idempotently and refuses beyond the limit', () => {
    const limiter = new ConcurrencyLimiter({ maxParallelSessions: 2 });
    limiter.acquireSession('a');
    limiter.acquireSession('a');
    limiter.acquireSession('b');
    expect(limiter.status().activeSessions).toBe(2);
    expect(codeOf(() => limiter.acquireSession('c'))).toBe('max_sessions_exceeded');
    limiter.releaseSession('a');
    limiter.releaseSession('a');
    limiter.acquireSession('c');
    expect(limiter.status()).toMatchObject({ activeSessions: 2, peakSessions: 2 });
  });

  it('acquireRun takes the session slot too and refuses beyond the run limit', () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 2, maxParallelSessions: 5 });
    limiter.acquireRun('r1', 's1');
    limiter.acquireRun('r1', 's1');
    limiter.acquireRun('r2', 's2');
    expect(limiter.status()).toMatchObject({ activeRuns: 2, activeSessions: 2 });
    expect(codeOf(() => limiter.acquireRun('r3', 's3'))).toBe('max_runs_exceeded');
    // Nothing was taken by the refused call.
    expect(limiter.status().activeSessions).toBe(2);
    limiter.releaseRun('r1');
    limiter.releaseRun('r1');
    expect(limiter.status()).toMatchObject({ activeRuns: 1, activeSessions: 2, peakRuns: 2 });
  });

  it('acquireRun throws max_sessions_exceeded without taking a run slot', () => {
    const limiter = new ConcurrencyLimiter({ maxParallelSessions: 1 });
    limiter.acquireSession('s1');
    expect(codeOf(() => limiter.acquireRun('r2', 's2'))).toBe('max_sessions_exceeded');
    expect(limiter.status().activeRuns).toBe(0);
  });

  it('releasing a session releases its runs', () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 3 });
    limiter.acquireRun('r1', 's1');
    limiter.acquireRun('r2', 's1');
    limiter.acquireRun('r3', 's2');
    limiter.releaseSession('s1');
    expect(limiter.status()).toMatchObject({ activeRuns: 1, activeSessions: 1 });
  });

  it('error messages name the id and the limit', () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 1 });
    limiter.acquireRun('r1', 's1');
    expect(() => limiter.acquireRun('r2', 's1')).toThrow(/run r2.*maxParallelRuns 1/);
  });
});

describe('ConcurrencyLimiter wait mode', () => {
  it('serves run waiters first come, first served', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 1 });
    limiter.acquireRun('r0', 's');
    const order: string[] = [];
    const waits = ['r1', 'r2', 'r3'].map((id) =>
      limiter.waitForRun(id, 's').then(() => order.push(id)),
    );
    await tick();
    expect(limiter.status().waitingRuns).toBe(3);
    for (const id of ['r0', 'r1', 'r2']) {
      limiter.releaseRun(id);
      await tick();
    }
    await Promise.all(waits);
    expect(order).toEqual(['r1', 'r2', 'r3']);
    expect(limiter.status()).toMatchObject({ activeRuns: 1, waitingRuns: 0, peakRuns: 1 });
  });

  it('a new acquire cannot overtake waiters', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelSessions: 1 });
    limiter.acquireSession('a');
    const waiting = limiter.waitForSession('b');
    limiter.releaseSession('a');
    expect(codeOf(() => limiter.acquireSession('c'))).toBe('max_sessions_exceeded');
    await waiting;
    expect(limiter.status().activeSessions).toBe(1);
  });

  it('abort rejects with cancelled and removes the waiter; the slot goes to the next one', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelSessions: 1 });
    limiter.acquireSession('a');
    const controller = new AbortController();
    const first = limiter.waitForSession('b', controller.signal);
    const second = limiter.waitForSession('c');
    expect(limiter.status().waitingSessions).toBe(2);
    controller.abort();
    expect(await rejectionCode(first)).toBe('cancelled');
    expect(limiter.status().waitingSessions).toBe(1);
    limiter.releaseSession('a');
    await second;
    limiter.releaseSession('c');
    expect(limiter.status()).toMatchObject({ activeSessions: 0, waitingSessions: 0 });
  });

  it('an already aborted signal rejects at once', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 1 });
    limiter.acquireRun('r1', 's');
    expect(await rejectionCode(limiter.waitForRun('r2', 's', AbortSignal.abort()))).toBe(
      'cancelled',
    );
    expect(limiter.status().waitingRuns).toBe(0);
  });

  it('abort right after the grant leaves the slot with the caller, who releases it', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 1 });
    limiter.acquireRun('r1', 's');
    const controller = new AbortController();
    const wait = limiter.waitForRun('r2', 's', controller.signal);
    await tick();
    limiter.releaseRun('r1');
    controller.abort();
    await wait;
    expect(limiter.status().activeRuns).toBe(1);
    limiter.releaseRun('r2');
    expect(limiter.status().activeRuns).toBe(0);
  });

  it('waitForRun waits for the session slot first and gives it back when cancelled', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelSessions: 1, maxParallelRuns: 1 });
    limiter.acquireRun('r1', 's1');
    const controller = new AbortController();
    const wait = limiter.waitForRun('r2', 's2', controller.signal);
    await tick();
    expect(limiter.status()).toMatchObject({ waitingSessions: 1, waitingRuns: 1 });
    limiter.releaseRun('r1');
    await tick();
    // The run slot is free but the session slot is still held by s1.
    expect(limiter.status().activeRuns).toBe(0);
    limiter.releaseSession('s1');
    await tick();
    expect(limiter.status()).toMatchObject({ activeSessions: 1, activeRuns: 1 });
    await wait;
    limiter.releaseSession('s2');
    expect(limiter.status()).toMatchObject({ activeSessions: 0, activeRuns: 0 });

    limiter.acquireRun('r3', 's3');
    const blocked = limiter.waitForRun('r4', 's3', controller.signal);
    const other = limiter.waitForRun('r5', 's4', new AbortController().signal);
    await tick();
    controller.abort();
    expect(await rejectionCode(blocked)).toBe('cancelled');
    limiter.releaseSession('s3');
    await other;
    expect(limiter.status()).toMatchObject({ activeSessions: 1, activeRuns: 1 });
  });

  it('releasing a session cancels its runs that wait for a slot', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 1 });
    limiter.acquireRun('r1', 's1');
    const wait = limiter.waitForRun('r2', 's1');
    await tick();
    limiter.releaseSession('s1');
    expect(await rejectionCode(wait)).toBe('cancelled');
    expect(limiter.status()).toMatchObject({ activeRuns: 0, activeSessions: 0, waitingRuns: 0 });
  });

  it('waiting for a held slot resolves at once', async () => {
    const limiter = new ConcurrencyLimiter({ maxParallelRuns: 1, maxParallelSessions: 1 });
    limiter.acquireRun('r1', 's1');
    await limiter.waitForRun('r1', 's1');
    await limiter.waitForSession('s1');
    expect(limiter.status()).toMatchObject({ activeRuns: 1, activeSessions: 1 });
  });
});

type Op =
  | { kind: 'acquireRun' | 'waitRun' | 'waitRunAbort'; run: number; session: number }
  | { kind: 'acquireSession' | 'waitSession' | 'releaseSession'; session: number }
  | { kind: 'releaseRun'; run: number }
  | { kind: 'abort'; index: number }
  | { kind: 'tick' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('acquireRun', 'waitRun', 'waitRunAbort'),
      run: fc.nat(4),
      session: fc.nat(2),
    }) as fc.Arbitrary<Op>,
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('acquireSession', 'waitSession', 'releaseSession'),
      session: fc.nat(2),
    }) as fc.Arbitrary<Op>,
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('releaseRun'), run: fc.nat(4) }) as fc.Arbitrary<Op>,
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('abort'), index: fc.nat(10) }) as fc.Arbitrary<Op>,
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' }) as fc.Arbitrary<Op> },
);

describe('ConcurrencyLimiter property', () => {
  it('never exceeds its limits and frees everything it grants', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(opArb, { maxLength: 60 }),
        async (maxParallelSessions, maxParallelRuns, ops) => {
          const limiter = new ConcurrencyLimiter({ maxParallelSessions, maxParallelRuns });
          const controllers: AbortController[] = [];
          const settled: Promise<unknown>[] = [];
          const check = () => {
            const s = limiter.status();
            expect(s.activeRuns).toBeLessThanOrEqual(maxParallelRuns);
            expect(s.activeSessions).toBeLessThanOrEqual(maxParallelSessions);
            expect(s.availableRunSlots).toBe(maxParallelRuns - s.activeRuns);
          };
          for (const op of ops) {
            try {
              if (op.kind === 'acquireRun') limiter.acquireRun(`r${op.run}`, `s${op.session}`);
              else if (op.kind === 'acquireSession') limiter.acquireSession(`s${op.session}`);
              else if (op.kind === 'releaseRun') limiter.releaseRun(`r${op.run}`);
              else if (op.kind === 'releaseSession') limiter.releaseSession(`s${op.session}`);
              else if (op.kind === 'waitSession') {
                const c = new AbortController();
                controllers.push(c);
                settled.push(limiter.waitForSession(`s${op.session}`, c.signal).catch(isCancel));
              } else if (op.kind === 'waitRun' || op.kind === 'waitRunAbort') {
                const c = new AbortController();
                controllers.push(c);
                settled.push(
                  limiter.waitForRun(`r${op.run}`, `s${op.session}`, c.signal).catch(isCancel),
                );
                if (op.kind === 'waitRunAbort') c.abort();
              } else if (op.kind === 'abort') controllers[op.index]?.abort();
              else await tick();
            } catch (error) {
              expect(AgentSessionError.isInstance(error)).toBe(true);
              expect(['max_runs_exceeded', 'max_sessions_exceeded']).toContain(
                (error as AgentSessionError).code,
              );
            }
            check();
          }
          // Drain: abort every waiter, release everything; nothing may stay held or waiting.
          for (const c of controllers) c.abort();
          await Promise.all(settled);
          for (let s = 0; s <= 2; s++) limiter.releaseSession(`s${s}`);
          await tick();
          for (let s = 0; s <= 2; s++) limiter.releaseSession(`s${s}`);
          expect(limiter.status()).toMatchObject({
            activeRuns: 0,
            activeSessions: 0,
            waitingRuns: 0,
            waitingSessions: 0,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

function isCancel(error: unknown): void {
  if (!AgentSessionError.isInstance(error) || error.code !== 'cancelled') throw error;
}
