import { join } from 'node:path';

const MAX_NAME = 200;

// The string hash the CLI uses to keep long project-dir names unique (31·h + code unit, 32 bits).
function stringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The folder name Claude Code gives a working directory under `projects/`: every UTF-16 code unit
 * outside `[a-zA-Z0-9]` becomes `-`; a name over 200 characters keeps its first 200 plus
 * `-<base-36 hash of the cwd>` (checked against CLI 2.1.333).
 */
export function claudeProjectDirName(cwd: string): string {
  const name = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (name.length <= MAX_NAME) return name;
  return `${name.slice(0, MAX_NAME)}-${Math.abs(stringHash(cwd)).toString(36)}`;
}

/** `$CLAUDE_CONFIG_DIR/projects/<project dir>/<sessionId>.jsonl`, where the CLI keeps a session. */
export function claudeSessionFilePath(configDir: string, cwd: string, sessionId: string): string {
  return join(configDir, 'projects', claudeProjectDirName(cwd), `${sessionId}.jsonl`);
}
