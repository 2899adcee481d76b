import type { RunStatus } from '../core/run-status.js';
import type { Session } from '../core/session.js';
import { type ParsedArgs, stringFlag } from './args.js';
import { EXIT } from './cli-error.js';
import { colors, useColor } from './colors.js';
import type { CliIo } from './io.js';
import { openManager } from './open-manager.js';
import { createAdapter, resolveProvider } from './provider.js';
import { RunRenderer } from './run-renderer.js';
import { openStore, parseStoreUrl } from './store-url.js';
import { runSummary } from './summary.js';

/** What `asm run` / `asm resume` asked for. */
export interface PromptPlan {
  readonly prompt: string;
  /** Continue this session; a new one is started when absent. */
  readonly sessionId?: string | undefined;
  readonly system?: string | undefined;
  readonly agentId?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** Resume the session first when it is paused (`asm resume`). */
  readonly resumePaused?: boolean;
}

const EXIT_BY_STATUS: Readonly<Partial<Record<RunStatus, number>>> = {
  completed: EXIT.ok,
  cancelled: EXIT.cancelled,
};

/**
 * Run one prompt in a new or existing session and show it: the heart of `asm run` and `asm resume`.
 * The first SIGINT/SIGTERM cancels the run (stored `run_cancelled`, exit 130); a second one exits at
 * once with 130. Returns the exit code: 0 completed, 1 failed or timed out, 130 cancelled.
 *
 * @example
 * ```ts
 * const code = await executePrompt(io, args, { prompt: 'Hello', agentId: 'cli' });
 * ```
 */
export async function executePrompt(
  io: CliIo,
  args: ParsedArgs,
  plan: PromptPlan,
): Promise<number> {
  const json = args.values.json === true;
  const storeSpec = parseStoreUrl(stringFlag(args, 'store') ?? io.env.ASM_STORE, io.cwd);
  const provider = resolveProvider(stringFlag(args, 'provider'), io.env);
  const adapter = await createAdapter({ provider, model: stringFlag(args, 'model'), env: io.env });

  let cancelReason: string | null = null;
  let cancel: (() => void) | null = null;
  const disposeSignals = io.onSignal((signal) => {
    if (cancelReason !== null) {
      io.exit(EXIT.cancelled);
      return;
    }
    cancelReason = signal === 'SIGINT' ? 'interrupted (SIGINT)' : 'cancelled (SIGTERM)';
    if (!json) io.stderr.write('\ncancelling… (press Ctrl-C again to quit at once)\n');
    cancel?.();
  });
  try {
    const cli = openManager(await openStore(storeSpec), adapter);
    const { manager } = cli;
    try {
      let session: Session;
      let after = 0;
      if (plan.sessionId !== undefined) {
        session = await manager.getSession(plan.sessionId);
        if (plan.resumePaused && session.status === 'paused') {
          session = await manager.resumeSession(session.id);
        }
        after = await cli.store.latestSeq(session.id);
      } else {
        session = await manager.startSession({
          agentId: plan.agentId ?? 'cli',
          context: plan.system === undefined ? {} : { systemPrompt: plan.system },
        });
      }
      const run = await manager.startRun(
        session.id,
        plan.prompt,
        plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs },
      );
      cancel = () => {
        manager.cancelRun(run.id, cancelReason ?? 'cancelled').catch(() => undefined);
      };
      const renderer = new RunRenderer(io, { json, runId: run.id });
      const subscription = manager.subscribe(session.id, { after, untilTerminalOf: run.id });
      const started = performance.now();
      renderer.startSpinner();
      const outcome = manager.executeRun(run.id);
      outcome.catch(() => subscription.close());
      if (cancelReason !== null) cancel();
      // The manager's timers do not hold the process open; a run in progress must.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        for await (const event of subscription) renderer.event(event);
      } finally {
        clearInterval(keepAlive);
        subscription.close();
        renderer.finish();
      }
      const result = await outcome;
      if (!json) {
        io.stderr.write(
          runSummary(result, performance.now() - started, colors(useColor(io.stderr, io.env))),
        );
      }
      return EXIT_BY_STATUS[result.status] ?? EXIT.failed;
    } finally {
      await cli.close();
    }
  } finally {
    disposeSignals();
  }
}
