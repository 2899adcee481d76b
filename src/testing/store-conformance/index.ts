import { describe } from 'vitest';
import type { SessionStore } from '../../ports/session-store.js';
import { registerKnownGaps } from '../known-gaps.js';
import { appendTests } from './append.js';
import { badEventTests } from './bad-events.js';
import { badInputTests } from './bad-input.js';
import { badQueryTests } from './bad-queries.js';
import { commitTests } from './commit.js';
import { concurrencyTests } from './concurrency.js';
import { createCommitTests } from './create-commit.js';
import { crudTests } from './crud.js';
import { endedRunTests } from './ended-runs.js';
import { errorDetailTests } from './error-details.js';
import { idempotencyTests } from './idempotency.js';
import { runListingTests } from './listing-runs.js';
import { sessionListingTests } from './listing-sessions.js';
import { payloadTests } from './payloads.js';
import { providerFileTests } from './provider-files.js';
import { readTests } from './read.js';
import type { ConformanceContext } from './suite-context.js';
import { unreadableInputTests } from './unreadable-input.js';
import { versionTests } from './versions.js';

/** Options of `runSessionStoreConformance`. */
export interface SessionStoreConformanceOptions {
  /** Shown as the name of the suite, e.g. `'SqliteSessionStore'`. */
  name: string;
  /** A new, empty store; called once per test. The suite closes it after the test. */
  createStore: () => SessionStore | Promise<SessionStore>;
  /**
   * Tests this store knowingly fails, by title, each with the reason. They are not run; each is
   * listed under `known gaps` so the gap stays visible in the output.
   */
  gaps?: Readonly<Record<string, string>>;
  /** Runs before each test, before `createStore` (e.g. create a schema or a temp directory). */
  beforeEach?: () => void | Promise<void>;
  /** Runs after each test, once its store is closed, even when the test failed (e.g. drop it). */
  afterEach?: () => void | Promise<void>;
}

/**
 * Register the `SessionStore` conformance suite with vitest (call it at the top level of a test
 * file). It proves the guarantees documented on `SessionStore`: compare-and-set saves, atomic and
 * gap-free appends, idempotent event ids, `readEvents` cursors that never skip or repeat (also under
 * concurrent writers), commits that create a session, no event of a run after its terminal event,
 * listings and pagination, provider files, bad input, error codes with their `details` keys, and
 * that rejected writes change nothing.
 * It uses only the port, so any implementation can run it. Requires `vitest` (>= 4), an optional
 * peer dependency of this package.
 *
 * @example
 * ```ts
 * // my-store.test.ts
 * import { runSessionStoreConformance } from 'agent-session-manager/testing';
 * import { MyStore } from './my-store.js';
 *
 * runSessionStoreConformance({ name: 'MyStore', createStore: () => new MyStore() });
 *
 * // A store that needs a fresh database per test:
 * runSessionStoreConformance({
 *   name: 'MyDatabaseStore',
 *   beforeEach: () => createTestDatabase(),
 *   createStore: () => new MyDatabaseStore({ database: 'test' }),
 *   afterEach: () => dropTestDatabase(),
 * });
 * ```
 */
export function runSessionStoreConformance(options: SessionStoreConformanceOptions): void {
  const ctx: ConformanceContext = {
    createStore: options.createStore,
    gaps: options.gaps ?? {},
    titles: new Set(),
    beforeEach: options.beforeEach,
    afterEach: options.afterEach,
  };
  describe(`SessionStore conformance: ${options.name}`, () => {
    crudTests(ctx);
    versionTests(ctx);
    appendTests(ctx);
    idempotencyTests(ctx);
    commitTests(ctx);
    createCommitTests(ctx);
    endedRunTests(ctx);
    readTests(ctx);
    payloadTests(ctx);
    sessionListingTests(ctx);
    runListingTests(ctx);
    concurrencyTests(ctx);
    providerFileTests(ctx);
    badInputTests(ctx);
    badEventTests(ctx);
    badQueryTests(ctx);
    unreadableInputTests(ctx);
    errorDetailTests(ctx);
    registerKnownGaps(ctx);
  });
}
