import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { RunResult } from '../../src/manager/run/run-result.js';
import type { SessionManager } from '../../src/manager/session-manager.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { expectRunInvariants } from './manager-kit.js';

/**
 * Run one prompt in a new session of `manager` (on `store`) and expect it failed: the run's
 * invariants hold, it has exactly one run_failed, the last event and the stored run carry the
 * result's error. Returns the result, its error, the session and the stored run.
 */
export async function expectFailedRun(manager: SessionManager, store: SessionStore) {
  const session = await manager.startSession({ agentId: 'errors' });
  const run = await manager.startRun(session.id, 'Please answer');
  const result = await manager.executeRun(run.id);
  expect(result.status, 'run status').toBe('failed');
  const error = result.error;
  if (error === null) throw new Error('a failed run without an error');
  const { run: stored, events } = await expectRunInvariants(store, run.id);
  expect(events.filter((e) => e.type === 'run_failed')).toHaveLength(1);
  expect(stored.error).toEqual({ code: error.code, message: error.message });
  expect(events.at(-1)?.data).toEqual({ errorCode: error.code, errorMessage: error.message });
  return { result, error, session, stored };
}

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A failed run's error as `code: message`. */
export function summary(result: RunResult): string {
  return `${result.error?.code}: ${result.error?.message}`;
}
