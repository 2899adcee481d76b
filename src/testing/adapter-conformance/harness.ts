import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { AdapterResult, TranscriptMessage } from '../../ports/adapter-execution.js';
import type { RunControlHandlers, RunControlOperation } from '../../ports/adapter-run-control.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import type { ProviderFileAccess } from '../../ports/provider-file-access.js';
import { MemoryProviderFile } from './memory-provider-file.js';

/** How one `execute` call went, as the suite observed it. */
export interface Execution {
  readonly run: Run;
  /** Every event emitted, also after `execute` settled. */
  readonly events: AdapterEvent[];
  /** How many events had been emitted when `execute` settled (-1 while it has not). */
  eventsAtSettle: number;
  /** The outcome, or null when `execute` did not settle within the wait. */
  outcome: { ok: true; result: AdapterResult } | { ok: false; error: unknown } | null;
  /** Milliseconds from the abort (or the start) until `execute` settled. */
  settleMs: number;
  /** What the run registered on `request.control` while `execute` ran (merged). */
  readonly handlers: { [K in RunControlOperation]?: () => void | Promise<void> };
  /** How many `request.control.register` calls came after `execute` settled. */
  lateRegistrations: number;
}

/** Options of one observed `execute` call. */
export interface ExecuteOptions {
  prompt: string;
  signal?: AbortSignal;
  /** Called with the run just before `execute` is called. */
  onStart?: (run: Run) => void;
  /** Called synchronously inside `emit`, with the events so far. */
  onEvent?: (event: AdapterEvent, index: number, run: Run) => void;
  /** What `emit` returns for the event at `index` (default undefined: no backpressure). */
  emitResult?: (event: AdapterEvent, index: number) => undefined | Promise<void>;
  /** Called inside `request.control.register` while `execute` runs. */
  onRegister?: (handlers: RunControlHandlers, run: Run) => void;
  /** Give up waiting after this many ms (the outcome stays null). */
  waitMs?: number;
  /** When the clock for `settleMs` starts; default the call. */
  startedAt?: () => number;
  session?: Session;
  transcript?: readonly TranscriptMessage[];
  providerSessionId?: string | null;
  previousState?: Readonly<Record<string, unknown>> | null;
  /** `request.providerFile`; default a new, empty `MemoryProviderFile`. */
  providerFile?: ProviderFileAccess;
}

/** A fresh active session, as the manager would hand it to an adapter. */
export function conformanceSession(): Session {
  return Session.transition(Session.create({ agentId: 'adapter-conformance' }), 'active');
}

/** Run `adapter.execute` once with a fresh running run and a collecting `emit`. */
export async function observeExecute(
  adapter: ProviderAdapter,
  options: ExecuteOptions,
): Promise<Execution> {
  const session = options.session ?? conformanceSession();
  const run = Run.start(Run.create({ sessionId: session.id, input: options.prompt }));
  const execution: Execution = {
    run,
    events: [],
    eventsAtSettle: -1,
    outcome: null,
    settleMs: 0,
    handlers: {},
    lateRegistrations: 0,
  };
  const emit = (event: AdapterEvent): undefined | Promise<void> => {
    const index = execution.events.push(event) - 1;
    options.onEvent?.(event, index, run);
    return options.emitResult?.(event, index);
  };
  const control = {
    register(handlers: RunControlHandlers): void {
      if (execution.eventsAtSettle !== -1) {
        execution.lateRegistrations++;
        return;
      }
      for (const operation of ['interrupt', 'pause', 'resume'] as const) {
        const handler = handlers[operation];
        if (typeof handler === 'function') execution.handlers[operation] = handler;
      }
      options.onRegister?.(handlers, run);
    },
  };
  options.onStart?.(run);
  const started = performance.now();
  const settled = (async () => {
    try {
      const result = await adapter.execute({
        run,
        session,
        providerSessionId: options.providerSessionId ?? null,
        transcript: options.transcript ?? [],
        previousState: options.previousState ?? null,
        emit,
        signal: options.signal ?? new AbortController().signal,
        control,
        providerFile: options.providerFile ?? new MemoryProviderFile(),
      });
      execution.outcome = { ok: true, result };
    } catch (error) {
      execution.outcome = { ok: false, error };
    }
    execution.eventsAtSettle = execution.events.length;
    execution.settleMs = performance.now() - (options.startedAt?.() ?? started);
  })();
  if (options.waitMs === undefined) {
    await settled;
    return execution;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    settled,
    new Promise((resolve) => (timer = setTimeout(resolve, options.waitMs))),
  ]);
  clearTimeout(timer);
  return execution;
}

/** Resolve after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
