import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSize, localCopyIsCurrent, writeFileAtomic } from './provider-file-copy.js';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'asm-copy-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('localCopyIsCurrent', () => {
  it('keeps a local file at least as long as the stored copy, and takes a longer stored one', async () => {
    const path = join(temp(), 'session.jsonl');
    writeFileSync(path, 'abc');
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(await localCopyIsCurrent(path, null)).toBe(true);
    expect(await localCopyIsCurrent(path, bytes('ab'))).toBe(true);
    expect(await localCopyIsCurrent(path, bytes('abc'))).toBe(true);
    expect(await localCopyIsCurrent(path, bytes('abcd'))).toBe(false);
    expect(await localCopyIsCurrent(null, bytes('a'))).toBe(false);
    expect(await localCopyIsCurrent(join(temp(), 'gone'), bytes('a'))).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  it('creates the folder, replaces the file and leaves no temporary file', async () => {
    const dir = temp();
    const path = join(dir, 'a', 'b', 'f.jsonl');
    await writeFileAtomic(path, new TextEncoder().encode('one'));
    await writeFileAtomic(path, new TextEncoder().encode('two'));
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(await fileSize(path)).toBe(3);
    expect(await fileSize(join(dir, 'a'))).toBe(-1);
  });
});
