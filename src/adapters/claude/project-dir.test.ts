import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeProjectDirName, claudeSessionFilePath } from './project-dir.js';

describe('claudeProjectDirName', () => {
  it('replaces every character outside [a-zA-Z0-9] with a dash', () => {
    expect(claudeProjectDirName('/tmp/fc/run-text/ws.dir_x')).toBe('-tmp-fc-run-text-ws-dir-x');
    expect(claudeProjectDirName('/a b/ü@+')).toBe('-a-b----');
  });

  it('keeps 200 characters of a long name plus the hash the CLI 2.1.333 produced for this cwd', () => {
    // Observed: the real CLI's projects/ folder for this working directory.
    const cwd = `/tmp/fc/run-text${`/${'Ünï cödé@+'.repeat(5)}`.repeat(5)}`;
    const name = claudeProjectDirName(cwd);
    expect(name).toHaveLength(200 + '-bkhfsd'.length);
    expect(name.endsWith('-bkhfsd')).toBe(true);
    expect(name.startsWith('-tmp-fc-run-text--n--c-d----n--c-d----')).toBe(true);
  });

  it('places the session file under projects/', () => {
    expect(claudeSessionFilePath('/cfg', '/w.x', 'abc')).toBe(
      join('/cfg', 'projects', '-w-x', 'abc.jsonl'),
    );
  });
});
