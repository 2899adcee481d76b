import { describe } from 'vitest';
import type { ErrorCode } from '../../core/error-codes.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { abortTests } from './abort-tests.js';
import { errorTests } from './error-tests.js';
import { executeTests } from './execute-tests.js';
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
}

/**
 * Register the `ProviderAdapter` conformance suite with vitest (call it at the top level of a test
 * file). It calls `execute` directly with a fresh running run and checks the adapter contract:
 * only canonical, non-lifecycle events with their canonical data keys; a well-formed result with
 * non-negative usage; nothing emitted after `execute` settled; an abort (and `interrupt`, when
 * offered) honoured within `abortWithinMs`; failures thrown as `AgentSessionError`s with provider
 * codes (each provider code, when `failingAdapter` is given); valid, uniquely named capabilities.
 * Requires `vitest` (>= 4), an optional peer dependency of this package.
 *
 * @example
 * ```ts
 * // my-adapter.test.ts
 * import { runAdapterConformance } from 'agent-session-manager/testing';
 * import { MyAdapter } from './my-adapter.js';
 *
 * runAdapterConformance({ name: 'MyAdapter', createAdapter: () => new MyAdapter() });
 * ```
 */
export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const ctx: AdapterSuiteContext = {
    createAdapter: options.createAdapter,
    failingAdapter: options.failingAdapter,
    prompt: options.prompt ?? 'Say hello.',
    abortWithinMs: options.abortWithinMs ?? 2500,
    quietMs: options.quietMs ?? 100,
    testTimeoutMs: options.testTimeoutMs ?? 30_000,
  };
  describe(`ProviderAdapter conformance: ${options.name}`, () => {
    surfaceTests(ctx);
    executeTests(ctx);
    abortTests(ctx);
    errorTests(ctx);
  });
}
