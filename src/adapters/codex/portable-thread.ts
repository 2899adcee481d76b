import { basename } from 'node:path';
import { describeThrown } from '../../core/thrown-value.js';
import type { AdapterExecuteRequest } from '../../ports/adapter-execution.js';
import { localCopyIsCurrent, writeFileAtomic } from '../kit/provider-file-copy.js';
import { isSafeFileId } from '../kit/safe-file-id.js';
import { replayPrompt } from '../kit/transcript-replay.js';
import type { CodexSettings } from './codex-options.js';
import { findRollout, isRolloutName, readRollout, restoreRollout } from './rollout-file.js';

/** How a run continues the session's Codex thread. */
export interface ThreadPlan {
  /** The thread to resume, or null to start a new one. */
  readonly threadId: string | null;
  /** How: the binary's own rollout, a copy restored from the store, a replay, or a new thread. */
  readonly via: 'new' | 'local' | 'restored' | 'replay';
  /** The turn's input for the run's prompt (with the system prompt and replay on a new thread). */
  prompt(input: string): string;
}

function withInstructions(request: AdapterExecuteRequest, input: string): string {
  const systemPrompt = request.session.context.systemPrompt;
  if (typeof systemPrompt !== 'string' || systemPrompt === '') return input;
  return `<session_instructions>\n${systemPrompt}\n</session_instructions>\n\n${input}`;
}

/**
 * Decide how a run continues. The session's `providerSessionId` is resumed natively when Codex
 * can find its rollout: under this `CODEX_HOME` when it is current, or restored from the copy in
 * the store (another machine, a fresh container, or a longer copy than the one left here by an
 * earlier run). Otherwise a new thread starts, with the session's system prompt
 * and, when the session had earlier turns, their replay ahead of the input.
 */
export async function prepareThread(
  request: AdapterExecuteRequest,
  settings: CodexSettings,
): Promise<ThreadPlan> {
  const id = request.providerSessionId;
  const fresh = (): ThreadPlan => ({
    threadId: null,
    via: request.transcript.length === 0 ? 'new' : 'replay',
    prompt: (input) => withInstructions(request, replayPrompt(request.transcript, input)),
  });
  if (id === null || !isSafeFileId(id)) return fresh();
  const resume = (via: 'local' | 'restored'): ThreadPlan => ({
    threadId: id,
    via,
    prompt: (input) => input,
  });
  const local = await findRollout(settings.codexHome, id);
  const loaded = await request.providerFile.load().catch(() => null);
  const stored = loaded !== null && isRolloutName(loaded.name, id) ? loaded : null;
  if (await localCopyIsCurrent(local, stored?.data ?? null)) return resume('local');
  if (stored === null) return fresh();
  try {
    if (local === null) await restoreRollout(settings.codexHome, id, stored.name, stored.data);
    else await writeFileAtomic(local, stored.data);
    return resume('restored');
  } catch {
    return local === null ? fresh() : resume('local');
  }
}

/**
 * Keep the thread's rollout in the store (one current copy per session), so the next run can
 * resume it anywhere. A failure to save does not fail the run: it is reported as a non-fatal
 * `error_occurred`.
 */
export async function saveRolloutCopy(
  request: AdapterExecuteRequest,
  settings: CodexSettings,
  threadId: string,
): Promise<void> {
  const path = await findRollout(settings.codexHome, threadId);
  const data = path === null ? null : await readRollout(path);
  if (path === null || data === null) return;
  try {
    await request.providerFile.save(basename(path), data);
  } catch (error) {
    await request.emit({
      type: 'error_occurred',
      data: {
        errorCode: 'storage_error',
        errorMessage: `could not keep the Codex rollout in the store: ${describeThrown(error).message}`,
        fatal: false,
      },
    });
  }
}
