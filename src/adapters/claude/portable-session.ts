import { describeThrown } from '../../core/thrown-value.js';
import type { AdapterExecuteRequest } from '../../ports/adapter-execution.js';
import { localCopyIsCurrent, writeFileAtomic } from '../kit/provider-file-copy.js';
import { replayPrompt } from '../kit/transcript-replay.js';
import type { ClaudeSettings } from './claude-options.js';
import {
  findSessionFile,
  isSafeSessionId,
  readSessionFile,
  sessionFileName,
  writeSessionFile,
} from './session-file.js';
import type { WarmSessions } from './warm-sessions.js';

/** How a run continues the session's Claude conversation. */
export interface ResumePlan {
  /** The Claude session to resume, or null to start a new one. */
  readonly resumeId: string | null;
  /** How it continued: the CLI's own file, a copy restored from the store, or a transcript replay. */
  readonly via: 'new' | 'warm' | 'local' | 'restored' | 'replay';
  /** The prompt to send for the run's input (with the earlier turns when they are replayed). */
  prompt(input: string): string;
}

const asIs = (input: string) => input;

/**
 * Decide how a run resumes. The session's `providerSessionId` is resumed natively when the CLI
 * can find its session file: a warm process already holds it, or the file is under this config
 * dir and is current, or the store holds a copy (another machine, a fresh container, or a longer
 * copy than the one left here by an earlier run), which is written where the CLI looks. Without any of these the earlier turns are replayed in the prompt of a new
 * Claude session.
 */
export async function prepareResume(
  request: AdapterExecuteRequest,
  settings: ClaudeSettings,
  warm: WarmSessions | null,
): Promise<ResumePlan> {
  const id = request.providerSessionId;
  const replay = (): ResumePlan =>
    request.transcript.length === 0
      ? { resumeId: null, via: 'new', prompt: asIs }
      : {
          resumeId: null,
          via: 'replay',
          prompt: (input) => replayPrompt(request.transcript, input),
        };
  if (id === null || !isSafeSessionId(id)) return replay();
  if (warm?.holds(request.session.id, id) === true)
    return { resumeId: id, via: 'warm', prompt: asIs };
  const local = await findSessionFile(settings.configDir, settings.cwd, id);
  const loaded = await request.providerFile.load().catch(() => null);
  const stored = loaded !== null && loaded.name === sessionFileName(id) ? loaded.data : null;
  if (await localCopyIsCurrent(local, stored)) return { resumeId: id, via: 'local', prompt: asIs };
  if (stored === null) return replay();
  try {
    if (local === null) await writeSessionFile(settings.configDir, settings.cwd, id, stored);
    else await writeFileAtomic(local, stored);
    return { resumeId: id, via: 'restored', prompt: asIs };
  } catch {
    return local === null ? replay() : { resumeId: id, via: 'local', prompt: asIs };
  }
}

/**
 * Keep the CLI's session file in the store (one current copy per session), so the next run can
 * resume anywhere. A failure to save does not fail the run: it is reported as a non-fatal
 * `error_occurred`, and the next run falls back to the local file or a transcript replay.
 */
export async function saveSessionCopy(
  request: AdapterExecuteRequest,
  settings: ClaudeSettings,
  sessionId: string,
): Promise<void> {
  const path = await findSessionFile(settings.configDir, settings.cwd, sessionId);
  const data = path === null ? null : await readSessionFile(path);
  if (data === null) return;
  try {
    await request.providerFile.save(sessionFileName(sessionId), data);
  } catch (error) {
    await request.emit({
      type: 'error_occurred',
      data: {
        errorCode: 'storage_error',
        errorMessage: `could not keep the Claude session file in the store: ${describeThrown(error).message}`,
        fatal: false,
      },
    });
  }
}
