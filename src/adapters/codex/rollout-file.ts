import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../kit/provider-file-copy.js';
import { isSafeFileId } from '../kit/safe-file-id.js';

/**
 * Codex keeps a thread in a rollout file, `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`,
 * and resumes a thread only where that file is.
 */
const ROLLOUT_DAY = /^rollout-(\d{4})-(\d{2})-(\d{2})T[0-9-]+$/;

/** The day (year, month, day) of a rollout file name of `threadId`, or null when it is none. */
function rolloutDay(name: string, threadId: string): [string, string, string] | null {
  const suffix = `-${threadId}.jsonl`;
  if (!isSafeFileId(threadId) || !name.endsWith(suffix)) return null;
  const match = ROLLOUT_DAY.exec(name.slice(0, -suffix.length));
  return match === null ? null : [match[1] ?? '', match[2] ?? '', match[3] ?? ''];
}

/** Whether `name` is a rollout file name of `threadId`. */
export function isRolloutName(name: string, threadId: string): boolean {
  return rolloutDay(name, threadId) !== null;
}

/** The path of a thread's rollout under `codexHome`, or null when there is none. */
export async function findRollout(codexHome: string, threadId: string): Promise<string | null> {
  if (!isSafeFileId(threadId)) return null;
  const sessions = join(codexHome, 'sessions');
  const entries = await readdir(sessions, { recursive: true }).catch(() => [] as string[]);
  // Newest day first: a thread resumed again and again is found in its latest day's folder.
  const matches = entries.filter((entry) => isRolloutName(basename(entry), threadId)).sort();
  const newest = matches.at(-1);
  return newest === undefined ? null : join(sessions, newest);
}

/** A rollout file's bytes (null when it cannot be read). */
export function readRollout(path: string): Promise<Uint8Array | null> {
  return readFile(path).catch(() => null);
}

/**
 * Write a stored rollout where Codex looks for it (its day's folder under `codexHome/sessions`),
 * atomically. Throws when `name` is not a rollout file name of `threadId`.
 */
export async function restoreRollout(
  codexHome: string,
  threadId: string,
  name: string,
  data: Uint8Array,
): Promise<string> {
  const day = rolloutDay(name, threadId);
  if (day === null) throw new Error(`'${name}' is not a rollout file of thread ${threadId}`);
  const path = join(codexHome, 'sessions', ...day, name);
  await writeFileAtomic(path, data);
  return path;
}
