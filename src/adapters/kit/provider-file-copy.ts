import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The size of a file in bytes, or -1 when it cannot be read. */
export async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (info) => (info.isFile() ? info.size : -1),
    () => -1,
  );
}

/**
 * Whether the provider's own copy of its session file should be resumed rather than the copy kept
 * in the store. Provider session files only grow (Claude Code's `.jsonl`, Codex's rollout), so the
 * longer one is the current one: a local file left by an earlier run on this machine is replaced
 * when the store holds a longer copy written on another machine since.
 */
export async function localCopyIsCurrent(
  localPath: string | null,
  stored: Uint8Array | null,
): Promise<boolean> {
  if (localPath === null) return false;
  if (stored === null) return true;
  return (await fileSize(localPath)) >= stored.length;
}

/** Write a file atomically (a temporary file renamed), creating its folder. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
