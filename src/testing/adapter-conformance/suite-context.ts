import type { ErrorCode } from '../../core/error-codes.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';

/** What every group of the adapter conformance suite needs. */
export interface AdapterSuiteContext {
  readonly createAdapter: () => ProviderAdapter | Promise<ProviderAdapter>;
  readonly failingAdapter:
    | ((code: ErrorCode) => ProviderAdapter | Promise<ProviderAdapter>)
    | undefined;
  readonly prompt: string;
  readonly abortWithinMs: number;
  /** How long to watch for events after `execute` settled. */
  readonly quietMs: number;
  readonly testTimeoutMs: number;
}
