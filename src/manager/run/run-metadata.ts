import { CapabilityResolver } from '../../core/capability-resolver.js';
import type { CapabilityType } from '../../core/capability-type.js';
import type { SessionAttrs } from '../../core/session.js';
import { expectObject, jsonObject } from '../../core/validate.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { expectTimerMs } from '../manager-options.js';
import type { ExecuteRunOptions } from '../scheduling/run-scheduler.js';

/** Attributes of `startSession`. */
export type StartSessionAttrs = Pick<
  SessionAttrs,
  'agentId' | 'context' | 'metadata' | 'tags' | 'parentSessionId'
>;

/** Options of `startRun`. */
export interface StartRunOptions {
  /** Capability types the adapter must offer, else `missing_required_capability` (nothing stored). */
  requiredCapabilities?: readonly CapabilityType[];
  /** Capability types wanted; missing ones are recorded in `run.metadata.capabilities`. */
  optionalCapabilities?: readonly CapabilityType[];
  /**
   * Default time limit of the run's execution in ms: an integer from 1 to `MAX_TIMER_MS`
   * (2^31 - 1, about 24.8 days); a larger value throws `validation_error` (Node's timers cannot
   * wait longer).
   */
  timeoutMs?: number;
  metadata?: Record<string, unknown>;
}

/** Options of `runOnce`: those of `startRun` and of `executeRun`. */
export type RunOnceOptions = Omit<StartRunOptions, 'timeoutMs'> & ExecuteRunOptions;

/**
 * The metadata a new run is stored with: the caller's metadata, the run's time limit, and the
 * outcome of capability negotiation against the adapter (`missing_required_capability` when a
 * required one is missing, before anything is stored).
 */
export function runMetadata(
  options: StartRunOptions,
  adapter: ProviderAdapter,
): Record<string, unknown> {
  const o = expectObject(options, 'options');
  const resolver = CapabilityResolver.create({
    required: o.requiredCapabilities as CapabilityType[] | undefined,
    optional: o.optionalCapabilities as CapabilityType[] | undefined,
  });
  const negotiation = resolver.negotiate(adapter.capabilities());
  const metadata: Record<string, unknown> = { ...jsonObject(o.metadata, 'options.metadata') };
  // A number there is the run's time limit (see executeRun), so it gets the same bounds.
  if (typeof metadata.timeoutMs === 'number') {
    expectTimerMs(metadata.timeoutMs, 'options.metadata.timeoutMs');
  }
  if (o.timeoutMs !== undefined) {
    metadata.timeoutMs = expectTimerMs(o.timeoutMs, 'options.timeoutMs');
  }
  if (resolver.required.length + resolver.optional.length > 0) {
    metadata.capabilities = {
      status: negotiation.status,
      unsupported: negotiation.unsupported,
      warnings: negotiation.warnings,
    };
  }
  return metadata;
}
