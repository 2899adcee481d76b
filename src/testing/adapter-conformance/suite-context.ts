import type { ErrorCode } from '../../core/error-codes.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { type GapRegistry, gapAwareTest } from '../known-gaps.js';

/** What every group of the adapter conformance suite needs. */
export interface AdapterSuiteContext extends GapRegistry {
  readonly createAdapter: () => ProviderAdapter | Promise<ProviderAdapter>;
  readonly failingAdapter:
    | ((code: ErrorCode) => ProviderAdapter | Promise<ProviderAdapter>)
    | undefined;
  readonly prompt: string;
  /** The prompt of the second run of a session, in the continuity tests. */
  readonly followUpPrompt: string;
  readonly abortWithinMs: number;
  /** How long to watch for events after `execute` settled. */
  readonly quietMs: number;
  readonly testTimeoutMs: number;
}

/** Register one test of the suite (skipped into `known gaps` when `gaps` names it). */
export function adapterTest(
  ctx: AdapterSuiteContext,
  title: string,
  body: () => Promise<void>,
): void {
  gapAwareTest(ctx, title, body, ctx.testTimeoutMs);
}
