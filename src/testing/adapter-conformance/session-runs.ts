import type { RunResult } from '../../manager/run/run-result.js';
import { SessionManager } from '../../manager/session-manager.js';
import type { AdapterExecuteRequest, AdapterResult } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { SessionStore } from '../../ports/session-store.js';

/** One `execute` call as the manager made it, and what the adapter returned. */
export interface ObservedCall {
  readonly request: AdapterExecuteRequest;
  result: AdapterResult | null;
}

/**
 * `adapter` with every `execute` call and its result recorded in `calls`; everything else is the
 * adapter's own (methods bound to it, so private fields keep working).
 */
export function recording(adapter: ProviderAdapter, calls: ObservedCall[]): ProviderAdapter {
  const execute = async (request: AdapterExecuteRequest) => {
    const call: ObservedCall = { request, result: null };
    calls.push(call);
    call.result = await adapter.execute(request);
    return call.result;
  };
  return new Proxy(adapter, {
    get(target, key) {
      if (key === 'execute') return execute;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Execute one run of `prompt` in the session through a manager, and describe a failure. */
export async function runTurn(
  manager: SessionManager,
  sessionId: string,
  prompt: string,
): Promise<RunResult> {
  const run = await manager.startRun(sessionId, prompt);
  const result = await manager.executeRun(run.id);
  if (result.status !== 'completed') {
    throw new Error(
      `run ${run.id} ended ${result.status}: ${result.error?.code ?? ''} ${result.error?.message ?? ''}`,
    );
  }
  return result;
}

/** A manager on `store` for `adapter`, without telemetry. */
export function managerOf(adapter: ProviderAdapter, store: SessionStore): SessionManager {
  return new SessionManager({ adapter, store, telemetry: false });
}
