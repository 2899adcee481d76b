import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeSessionFilePath } from './project-dir.js';
import { findSessionFile, isSafeSessionId, writeSessionFile } from './session-file.js';

const dirs: string[] = [];
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asm-session-file-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ID = '3f2b9c1e-0000-4000-8000-000000000001';

describe('Claude session files', () => {
  it('a restored file is where the CLI looks for it, also for a cwd whose name is shortened', async () => {
    const config = configDir();
    const longCwd = `/srv/${'very-long-directory-name/'.repeat(12)}repo`;
    for (const cwd of ['/srv/repo', longCwd]) {
      const path = await writeSessionFile(config, cwd, ID, new TextEncoder().encode('{"a":1}\n'));
      expect(path).toBe(claudeSessionFilePath(config, cwd, ID));
      expect(await findSessionFile(config, cwd, ID)).toBe(path);
      expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    }
  });

  it('finds a session filed under another working directory', async () => {
    const config = configDir();
    const other = join(config, 'projects', '-elsewhere');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, `${ID}.jsonl`), 'x');
    expect(await findSessionFile(config, '/srv/repo', ID)).toBe(join(other, `${ID}.jsonl`));
    expect(await findSessionFile(config, '/srv/repo', 'aaaaaaaa-missing')).toBeNull();
  });

  it('never takes an id that is a path or has dots for a file name', async () => {
    for (const id of ['../../etc/passwd', 'a/b', '.hidden', '', 'x'.repeat(200), 'a.b']) {
      expect(isSafeSessionId(id), id).toBe(false);
      expect(await findSessionFile(configDir(), '/srv/repo', id)).toBeNull();
    }
    expect(isSafeSessionId(ID)).toBe(true);
  });
});
