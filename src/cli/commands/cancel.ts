import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Run } from '../../core/run.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { helpText } from '../help.js';
import type { CliIo } from '../io.js';
import { ownerState, parseCliOwner } from '../run-owner.js';
import {
  asStoreError,
  noStoreYet,
  openReadSource,
  type ReadSource,
  storeSpecOf,
} from '../store-access.js';

/** How long `asm cancel` waits for the run to be stored as stopped. */
const WAIT_MS = 10_000;
const POLL_MS = 100;

function notCancellable(message: string): AgentSessionError {
  return new AgentSessionError('invalid_status', message);
}

async function waitUntilStopped(source: ReadSource, runId: string): Promise<Run | null> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const run = await source.getRun(runId);
    if (Run.isTerminal(run)) return run;
    await sleep(POLL_MS);
  }
  return null;
}

/**
 * `asm cancel <run>`: cancel a run that an `asm run` process on this machine is executing. The run
 * stores its owner `asm:<host>:<pid>:<start time>`; only when a process with that pid runs and
 * started at that time is it sent SIGTERM (which cancels the run the way Ctrl-C does, stored
 * `run_cancelled`), and `asm cancel` waits until the run is stored as stopped. A pid now used by
 * another process is never signalled. Exit 0 when cancelled, 1 when the run is not running (or not
 * run by a reachable asm process), 2 when the run does not exist.
 *
 * @example
 * ```ts
 * await cancelCommand(['run_0190…'], io); // 0
 * ```
 */
export async function cancelCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('cancel', argv, {}, 1);
  if (args.values.help) {
    io.stdout.write(helpText('cancel'));
    return EXIT.ok;
  }
  const runId = args.positionals[0];
  if (runId === undefined) throw usageError('missing <run> (see asm cancel --help)');
  const source = await openReadSource(args, io, (path) => {
    throw noStoreYet(path, `run ${runId} does not exist`);
  });
  if ('missing' in source) return EXIT.usage;
  try {
    const run = await source.getRun(runId);
    if (Run.isTerminal(run))
      throw notCancellable(`run ${run.id} is not running (it is ${run.status})`);
    const owner = parseCliOwner(run.owner);
    if (owner === null) {
      throw notCancellable(
        `run ${run.id} is ${run.status} but not executed by an asm process (owner ${run.owner ?? 'none'}); cancel it from the application running it`,
      );
    }
    if (owner.host !== hostname()) {
      throw notCancellable(`run ${run.id} runs on host ${owner.host}; run asm cancel there`);
    }
    const state = ownerState(run.owner);
    if (state === 'gone') {
      throw notCancellable(
        `run ${run.id} is stored as ${run.status} but its asm process (pid ${owner.pid}) is gone; asm recover ends it`,
      );
    }
    if (state === 'unknown' || owner.pid === process.pid) {
      throw notCancellable(
        `run ${run.id} is stored as ${run.status}, but pid ${owner.pid} cannot be proven to be its asm process; nothing was signalled`,
      );
    }
    process.kill(owner.pid, 'SIGTERM');
    const stopped = await waitUntilStopped(source, run.id);
    if (stopped === null) {
      throw notCancellable(`run ${run.id} did not stop within ${WAIT_MS / 1000}s`);
    }
    io.stdout.write(`run ${run.id} ${stopped.status}\n`);
    return stopped.status === 'cancelled' ? EXIT.ok : EXIT.failed;
  } catch (error) {
    throw asStoreError(storeSpecOf(args, io), error);
  } finally {
    await source.close();
  }
}
