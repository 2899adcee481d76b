import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/support/errors.js';
import { encodeCursor } from './cursor.js';
import {
  checkExpectedSeq,
  checkReadOptions,
  checkRunsFilter,
  checkSessionsFilter,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_READ_LIMIT,
} from './store-query-checks.js';

describe('checkSessionsFilter', () => {
  it('fills defaults for a missing filter', () => {
    expect(checkSessionsFilter(undefined)).toEqual({
      statuses: null,
      agentId: null,
      tag: null,
      createdAfter: null,
      createdBefore: null,
      limit: DEFAULT_PAGE_SIZE,
      afterId: null,
    });
  });

  it('normalizes statuses to a list, times to UTC and decodes the cursor', () => {
    const checked = checkSessionsFilter({
      status: 'active',
      agentId: 'a',
      tag: 't',
      createdAfter: '2024-01-01T02:00:00+02:00',
      limit: MAX_PAGE_SIZE,
      cursor: encodeCursor('ses_1'),
    });
    expect(checked).toMatchObject({
      statuses: ['active'],
      createdAfter: '2024-01-01T00:00:00.000Z',
      limit: MAX_PAGE_SIZE,
      afterId: 'ses_1',
    });
    expect(checkSessionsFilter({ status: ['paused', 'failed'] }).statuses).toEqual([
      'paused',
      'failed',
    ]);
  });

  it('rejects bad fields with validation_error and bad cursors with invalid_cursor', () => {
    const bad = [
      { limit: 0 },
      { limit: MAX_PAGE_SIZE + 1 },
      { limit: 1.5 },
      { status: [] },
      { status: 'sleeping' },
      { agentId: '' },
      { createdBefore: 'soon' },
    ];
    for (const filter of bad) {
      expect(
        codeOf(() => checkSessionsFilter(filter as never)),
        JSON.stringify(filter),
      ).toBe('validation_error');
    }
    expect(codeOf(() => checkSessionsFilter('x' as never))).toBe('validation_error');
    expect(codeOf(() => checkSessionsFilter({ cursor: 'x' }))).toBe('invalid_cursor');
  });
});

describe('checkRunsFilter', () => {
  it('reads statuses, owner, limit and cursor', () => {
    expect(checkRunsFilter({ status: 'running', owner: 'w', limit: 5 })).toEqual({
      statuses: ['running'],
      owner: 'w',
      limit: 5,
      afterId: null,
    });
    expect(codeOf(() => checkRunsFilter({ status: 'active' as never }))).toBe('validation_error');
    expect(codeOf(() => checkRunsFilter({ cursor: 'c1.' }))).toBe('invalid_cursor');
  });
});

describe('checkReadOptions', () => {
  it('defaults to everything from the start', () => {
    expect(checkReadOptions(undefined)).toEqual({
      after: 0,
      limit: null,
      runId: null,
      types: null,
    });
  });

  it('accepts bounds and filters', () => {
    expect(
      checkReadOptions({ after: 5, limit: MAX_READ_LIMIT, runId: 'run_1', types: ['run_started'] }),
    ).toEqual({ after: 5, limit: MAX_READ_LIMIT, runId: 'run_1', types: ['run_started'] });
  });

  it('rejects negative, fractional and huge numbers and bad types', () => {
    const bad = [
      { after: -1 },
      { after: 0.5 },
      { after: 2 ** 53 },
      { limit: 0 },
      { limit: MAX_READ_LIMIT + 1 },
      { types: 'run_started' },
      { runId: 3 },
    ];
    for (const options of bad) {
      expect(
        codeOf(() => checkReadOptions(options as never)),
        JSON.stringify(options),
      ).toBe('validation_error');
    }
    expect(codeOf(() => checkReadOptions({ types: ['nope' as never] }))).toBe('invalid_event_type');
  });
});

describe('checkExpectedSeq', () => {
  it('returns the expected seq or null', () => {
    expect(checkExpectedSeq(undefined)).toBeNull();
    expect(checkExpectedSeq({})).toBeNull();
    expect(checkExpectedSeq({ expectedSeq: 0 })).toBe(0);
    expect(codeOf(() => checkExpectedSeq({ expectedSeq: -1 }))).toBe('validation_error');
  });
});
