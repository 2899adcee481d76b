import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../kit/provider-file-copy.js';
import { isSafeFileId } from '../kit/safe-file-id.js';
import { claudeProjectDirName } from './project-dir.js';

/** Where Claude Code keeps the sessions started in `cwd`: `<config dir>/projects/<name of cwd>/`. */
export function projectDir(configDir: string, cwd: string): string {
  return join(configDir, 'projects', claudeProjectDirName(cwd));
}

/** Whether a provider session id can name a file (no path, no dots): others are never used as one. */
export const isSafeSessionId = isSafeFileId;

/** The session file's base name. */
export function sessionFileName(sessionId: string): string {
  return `${sessionId}.jsonl`;
}

/**
 * The path of a session's file under `configDir`: where the CLI writes it for `cwd`, or, when it is
 * not there, in any other project folder (the CLI files a session under the cwd it started in).
 * Null when there is none or the id cannot name a file.
 */
export async function findSessionFile(
  configDir: string,
  cwd: string,
  sessionId: string,
): Promise<string | null> {
  if (!isSafeSessionId(sessionId)) return null;
  const name = sessionFileName(sessionId);
  const expected = join(projectDir(configDir, cwd), name);
  if (await exists(expected)) return expected;
  const projects = join(configDir, 'projects');
  const dirs = await readdir(projects).catch(() => [] as string[]);
  for (const dir of dirs) {
    const candidate = join(projects, dir, name);
    if (await exists(candidate)) return candidate;
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Read a session file (null when it cannot be read). */
export async function readSessionFile(path: string): Promise<Uint8Array | null> {
  return readFile(path).catch(() => null);
}

/**
 * Write a session file where the CLI looks for it when resuming in `cwd`, atomically (a temporary
 * file renamed), so a CLI starting meanwhile never reads half of it.
 */
export async function writeSessionFile(
  configDir: string,
  cwd: string,
  sessionId: string,
  data: Uint8Array,
): Promise<string> {
  const path = join(projectDir(configDir, cwd), sessionFileName(sessionId));
  await writeFileAtomic(path, data);
  return path;
}
