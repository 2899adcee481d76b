import { describe } from 'vitest';
import type { ErrorCode } from '../../core/error-codes.js';
import { expectCode, newSession } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

const fakeCursor = (text: string) => `c1.${Buffer.from(text).toString('base64url')}`;

/** Read options, listing filters, cursors and `expectedSeq` that are not valid. */
export function badQueryTests(ctx: ConformanceContext): void {
  describe('bad queries', () => {
    storeTest(ctx, 'readEvents refuses bad cursors, limits, types and run ids', async (s) => {
      const session = await newSession(s);
      const reads: [unknown, ErrorCode][] = [
        [{ after: -1 }, 'validation_error'],
        [{ after: 1.5 }, 'validation_error'],
        [{ after: '3' }, 'validation_error'],
        [{ after: Number.POSITIVE_INFINITY }, 'validation_error'],
        [{ limit: 0 }, 'validation_error'],
        [{ limit: -5 }, 'validation_error'],
        [{ limit: 2.5 }, 'validation_error'],
        [{ limit: 10_001 }, 'validation_error'],
        [{ types: ['bogus'] }, 'invalid_event_type'],
        [{ types: 'message_sent' }, 'validation_error'],
        [{ runId: 7 }, 'validation_error'],
        ['options', 'validation_error'],
      ];
      for (const [options, code] of reads) {
        await expectCode(() => s.readEvents(session.id, options as never), code);
      }
    });

    storeTest(ctx, 'listings refuse malformed cursors, page sizes and statuses', async (s) => {
      const session = await newSession(s);
      const filters: [unknown, ErrorCode][] = [
        [{ cursor: 'not-a-cursor' }, 'invalid_cursor'],
        [{ cursor: 12 }, 'invalid_cursor'],
        [{ cursor: fakeCursor("x' OR 1=1 --") }, 'invalid_cursor'],
        [{ cursor: '' }, 'invalid_cursor'],
        [{ limit: 0 }, 'validation_error'],
        [{ limit: 1001 }, 'validation_error'],
        [{ limit: 1.5 }, 'validation_error'],
        [{ status: 'bogus' }, 'validation_error'],
        [{ status: [] }, 'validation_error'],
        ['filter', 'validation_error'],
      ];
      for (const [filter, code] of filters) {
        await expectCode(() => s.listSessions(filter as never), code);
        await expectCode(() => s.findRuns(filter as never), code);
        await expectCode(() => s.listRuns(session.id, filter as never), code);
      }
      await expectCode(() => s.listSessions({ createdAfter: 'soon' }), 'validation_error');
    });

    storeTest(ctx, 'appendEvents refuses malformed options', async (s) => {
      const session = await newSession(s);
      for (const options of [
        { expectedSeq: -1 },
        { expectedSeq: 0.5 },
        { expectedSeq: '1' },
        'o',
      ]) {
        await expectCode(
          () => s.appendEvents(session.id, [], options as never),
          'validation_error',
        );
      }
    });
  });
}
