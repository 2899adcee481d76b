import { describe, expect, it } from 'vitest';
import { caught } from '../../../test/support/errors.js';
import { isIsoTimestamp } from '../../core/clock.js';
import { Run } from '../../core/run.js';
import { type ControlOperation, type ControlTarget, RunOperations } from './run-operations.js';

const noop = async () => {};
const bare: ControlTarget = { name: 'bare' };
const full: ControlTarget = { name: 'full', handler: () => noop };

const running = () => Run.start(Run.create({ sessionId: 'ses_1', input: 'hi' }));

describe('RunOperations.check', () => {
  it.each([
    [
      'completed',
      (r: Run) => Run.complete(r, { content: 'ok', stopReason: 'end_turn', toolCalls: [] }),
    ],
    ['failed', (r: Run) => Run.fail(r, { code: 'provider_error', message: 'x' })],
    ['cancelled', (r: Run) => Run.cancel(r)],
    ['timeout', (r: Run) => Run.timeout(r, 10)],
  ] as const)('refuses every operation on a %s run with invalid_operation', (status, end) => {
    const ops = new RunOperations();
    const run = end(running());
    for (const op of ['cancel', 'interrupt', 'pause', 'resume'] as ControlOperation[]) {
      const error = caught(() => ops.check(run, op, full));
      expect(error.code).toBe('invalid_operation');
      expect(error.message).toContain(run.id);
      expect(error.message).toContain(status);
      expect(error.message).toContain(op);
    }
  });

  it('refuses interrupt, pause and resume when the run registered no handler', () => {
    const ops = new RunOperations();
    const run = running();
    for (const op of ['interrupt', 'pause', 'resume'] as const) {
      const error = caught(() => ops.check(run, op, bare));
      expect(error.code).toBe('capability_not_supported');
      expect(error.message).toContain('bare');
      expect(error.message).toContain(op);
    }
    expect(ops.check(run, 'cancel', bare)).toBe('apply');
  });

  it('asks the target for the handler of each operation', () => {
    const ops = new RunOperations();
    const run = running();
    const asked: string[] = [];
    const pauseOnly: ControlTarget = {
      name: 'pause-only',
      handler: (op) => {
        asked.push(op);
        return op === 'pause' ? noop : undefined;
      },
    };
    expect(ops.check(run, 'pause', pauseOnly)).toBe('apply');
    expect(caught(() => ops.check(run, 'interrupt', pauseOnly)).code).toBe(
      'capability_not_supported',
    );
    expect(caught(() => ops.check(run, 'resume', pauseOnly)).message).toContain(run.id);
    expect(asked).toEqual(['pause', 'interrupt', 'resume']);
  });

  it('reports repeats as already_applied', () => {
    const ops = new RunOperations();
    const run = running();
    expect(ops.check(run, 'resume', full)).toBe('already_applied');
    expect(ops.check(run, 'pause', full)).toBe('apply');
    ops.record(run.id, 'pause', 'applied');
    expect(ops.isPaused(run.id)).toBe(true);
    expect(ops.check(run, 'pause', full)).toBe('already_applied');
    expect(ops.check(run, 'resume', full)).toBe('apply');
    ops.record(run.id, 'resume', 'applied');
    expect(ops.isPaused(run.id)).toBe(false);
    expect(ops.check(run, 'interrupt', full)).toBe('apply');
    ops.record(run.id, 'interrupt', 'applied');
    expect(ops.check(run, 'interrupt', full)).toBe('apply');
    expect(ops.check(run, 'cancel', full)).toBe('apply');
    ops.record(run.id, 'cancel', 'applied', 'user asked');
    expect(ops.check(run, 'cancel', full)).toBe('already_applied');
  });

  it('does not count an already_applied record as applied', () => {
    const ops = new RunOperations();
    const run = running();
    ops.record(run.id, 'pause', 'already_applied');
    expect(ops.isPaused(run.id)).toBe(false);
    expect(ops.check(run, 'pause', full)).toBe('apply');
  });
});

describe('RunOperations history', () => {
  it('keeps each run’s records in order, as copies, until forgotten', () => {
    const ops = new RunOperations();
    const first = ops.record('run_a', 'pause', 'applied');
    ops.record('run_a', 'pause', 'already_applied', 'was paused');
    ops.record('run_b', 'cancel', 'applied');
    expect(first).toMatchObject({ operation: 'pause', outcome: 'applied', detail: null });
    expect(isIsoTimestamp(first.at)).toBe(true);
    expect(Object.isFrozen(first)).toBe(true);
    const history = ops.history('run_a');
    expect(history.map((r) => [r.operation, r.outcome, r.detail])).toEqual([
      ['pause', 'applied', null],
      ['pause', 'already_applied', 'was paused'],
    ]);
    (history as OperationList).push(first);
    expect(ops.history('run_a')).toHaveLength(2);
    expect(ops.history('run_b')).toHaveLength(1);
    ops.forget('run_a');
    expect(ops.history('run_a')).toEqual([]);
    expect(ops.isPaused('run_a')).toBe(false);
    expect(ops.history('run_b')).toHaveLength(1);
  });

  it('a cancel clears the paused state', () => {
    const ops = new RunOperations();
    ops.record('run_a', 'pause', 'applied');
    ops.record('run_a', 'cancel', 'applied');
    expect(ops.isPaused('run_a')).toBe(false);
  });
});

type OperationList = ReturnType<RunOperations['record']>[];
