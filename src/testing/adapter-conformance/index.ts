import { describe } from 'vitest';
import type { ErrorCode } from '../../core/error-codes.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { registerKnownGaps } from '../known-gaps.js';
import { abortTests } from './abort-tests.js';
import { continuityTests } from './continuity-tests.js';
import { errorTests } from './error-tests.js';
import { executeTests } from './execute-tests.js';
import { flowTests } from './flow-tests.js';
import type { AdapterSuiteContext } from './suite-context.js';
import { surfaceTests } from './surface-tests.js';

/** Options of `runAdapterConformance`. */
export interface AdapterConformanceOptions {
  /** Shown as the name of the suite, e.g. `'ClaudeAdapter'`. */
  name: string;
  /** A ready adapter; called once per test. Configure it so a run takes long enough to abort. */
  createAdapter: () => ProviderAdapter | Promise<ProviderAdapter>;
  /** The prompt of every run (default `'Say hello.'`). */
  prompt?: string;
  /** The prompt of the second run of a session in the continuity tests (default `'And again.'`). */
  followUpPrompt?: string;
  /** How soon `execute` must settle after an abort or interrupt (default 2,500 ms). */
  abortWithinMs?: number;
  /**
   * An adapter whose provider fails with the HTTP-level error behind `code` (e.g. a fake server
   * answering 429 for `provider_rate_limited`): the suite checks each provider code arrives mapped.
   */
  failingAdapter?: (code: ErrorCode) => ProviderAdapter | Promise<ProviderAdapter>;
  /** How long to watch for stray events after `execute` settled (default 100 ms). */
  quietMs?: number;
  /** Per-test timeout (default 30,000 ms). */
  testTimeoutMs?: number;
  /**
   * Tests this adapter knowingly fails, by title, each with the reason. They are not run; each is
   * listed under `known gaps` so the gap stays visible in the output.
   */
  gaps?: Readonly<Record<string, string>>;
}

/**
 * Register the `ProviderAdapter` conformance suite with vitest (call it at the top level of a test
 * file). It checks the adapter contract, mostly by calling `execute` directly with a fresh
 * running run: specification `'v1'`; only canonical, non-lifecycle events with their canonical data
 * keys; a well-formed result with non-negative usage; `emit`'s promise awaited (backpressure);
 * nothing emitted after an abort or after `execute` settled; an abort (and a registered
 * `interrupt`) honoured within `abortWithinMs`; control registered only while `execute` runs;
 * failures thrown as `AgentSessionError`s with provider codes (each provider code, when
 * `failingAdapter` is given); valid, uniquely named capabilities. Through a `SessionManager` on an
 * in-memory store it checks continuity: the next run gets the `providerSessionId` and `state` the
 * adapter returned and the earlier turns, and reports the same per-run usage after a restart.
 * Requires `vitest` (>= 4), an optional peer dependency of this package.
 *
 * @example
 * ```ts
 * // my-adapter.test.ts
 * import { runAdapterConformance } from 'agent-session-manager/testing';
 * import { MyAdapter } from './my-adapter.js';
 *
 * runAdapterConformance({
 *   name: 'MyAdapter',
 *   createAdapter: () => new MyAdapter(),
 *   gaps: { 'emits nothing once the signal is aborted': 'the SDK flushes one buffered delta' },
 * });
 * ```
 */
export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const ctx: AdapterSuiteContext = {
    createAdapter: options.createAdapter,
    failingAdapter: options.failingAdapter,
    prompt: options.prompt ?? 'Say hello.',
    followUpPrompt: options.followUpPrompt ?? 'And again.',
    abortWithinMs: options.abortWithinMs ?? 2500,
    quietMs: options.quietMs ?? 100,
    testTimeoutMs: options.testTimeoutMs ?? 30_000,
    gaps: options.gaps ?? {},
    titles: new Set(),
  };
  describe(`ProviderAdapter conformance: ${options.name}`, () => {
    surfaceTests(ctx);
    executeTests(ctx);
    flowTests(ctx);
    abortTests(ctx);
    continuityTests(ctx);
    errorTests(ctx);
    registerKnownGaps(ctx);
  });
}
