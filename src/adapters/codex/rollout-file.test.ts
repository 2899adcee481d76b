import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, useTempDirs } from '../../../test/support/temp-dirs.js';
import { findRollout, isRolloutName, readRollout, restoreRollout } from './rollout-file.js';

// Where Codex keeps a thread's rollout file, and restoring a stored copy there.

const ID = '019a1b2c-3d4e-7f60-8a9b-0c1d2e3f4a5b';
const OTHER = '019a1b2c-3d4e-7f60-8a9b-ffffffffffff';
const tempDir = useTempDirs('asm-rollout-');

function codexHome(): string {
  const home = join(tempDir(), 'codex');
  mkdirSync(home);
  return home;
}

const nameOf = (day: string, time: string, id: string) => `rollout-${day}T${time}-${id}.jsonl`;

/** Write a rollout named for `day` (YYYY-MM-DD) in that day's folder of `home`. */
function writeRollout(home: string, day: string, time: string, id: string, text = '{}\n'): string {
  const dir = join(home, 'sessions', ...day.split('-'));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, nameOf(day, time, id));
  writeFileSync(path, text);
  return path;
}

describe('findRollout', () => {
  it("finds the thread's rollout in the newest of several days", async () => {
    const home = codexHome();
    writeRollout(home, '2026-01-30', '09-00-00', ID);
    writeRollout(home, '2026-11-02', '08-15-30', ID);
    const newest = writeRollout(home, '2026-11-30', '23-59-59', ID);
    writeRollout(home, '2026-12-01', '10-00-00', OTHER);
    expect(await findRollout(home, ID)).toBe(newest);
  });

  it('ignores rollouts of other threads, and is null without any', async () => {
    const home = codexHome();
    expect(await findRollout(home, ID)).toBeNull();
    writeRollout(home, '2026-12-01', '10-00-00', OTHER);
    writeRollout(home, '2026-12-01', '10-00-00', `x${ID}`);
    writeFileSync(join(home, 'sessions', `notes-${ID}.jsonl`), '{}\n');
    expect(await findRollout(home, ID)).toBeNull();
    expect(await findRollout(home, OTHER)).not.toBeNull();
  });

  it('is null for hostile ids, even when a file matches them', async () => {
    const home = codexHome();
    writeRollout(home, '2026-12-01', '10-00-00', ID);
    for (const hostile of ['../../x', '..', '', `${ID}/../${ID}`, `*`, `${ID}\0`]) {
      expect(await findRollout(home, hostile), hostile).toBeNull();
    }
  });
});

describe('isRolloutName', () => {
  it('is true only for a rollout name of that thread with a day and time', () => {
    expect(isRolloutName(nameOf('2026-12-01', '10-00-00', ID), ID)).toBe(true);
    expect(isRolloutName(nameOf('2026-12-01', '10-00-00', OTHER), ID)).toBe(false);
    expect(isRolloutName(`rollout-${ID}.jsonl`, ID)).toBe(false);
    expect(isRolloutName(`session-2026-12-01T10-00-00-${ID}.jsonl`, ID)).toBe(false);
    expect(isRolloutName(`../rollout-2026-12-01T10-00-00-${ID}.jsonl`, ID)).toBe(false);
    expect(isRolloutName(nameOf('2026-12-01', '10-00-00', '../x'), '../x')).toBe(false);
  });
});

describe('restoreRollout', () => {
  it("writes the copy under the name's day, where findRollout and Codex find it", async () => {
    const home = codexHome();
    const name = nameOf('2026-11-30', '23-59-59', ID);
    const data = new TextEncoder().encode('{"type":"session_meta"}\n');
    const path = await restoreRollout(home, ID, name, data);
    expect(relative(home, path)).toBe(join('sessions', '2026', '11', '30', name));
    expect(readFileSync(path, 'utf8')).toBe('{"type":"session_meta"}\n');
    expect(await findRollout(home, ID)).toBe(path);
    expect(await readRollout(path)).toEqual(Buffer.from(data));
    // Nothing but the file: no temporary left beside it.
    expect(filesUnder(home)).toEqual([join('sessions', '2026', '11', '30', name)]);
  });

  it('replaces an older copy of the same name', async () => {
    const home = codexHome();
    const name = nameOf('2026-11-30', '23-59-59', ID);
    await restoreRollout(home, ID, name, new TextEncoder().encode('old\n'));
    const path = await restoreRollout(home, ID, name, new TextEncoder().encode('new\n'));
    expect(readFileSync(path, 'utf8')).toBe('new\n');
  });

  it('refuses a name of another thread, a non-rollout name and a hostile id, writing nothing', async () => {
    const home = codexHome();
    const data = new TextEncoder().encode('{}\n');
    const refused: [string, string][] = [
      [ID, nameOf('2026-11-30', '23-59-59', OTHER)],
      [ID, `${ID}.jsonl`],
      [ID, `../../${nameOf('2026-11-30', '23-59-59', ID)}`],
      [ID, 'config.toml'],
      ['../../x', nameOf('2026-11-30', '23-59-59', '../../x')],
    ];
    for (const [id, name] of refused) {
      await expect(restoreRollout(home, id, name, data), name).rejects.toThrow(
        'is not a rollout file',
      );
    }
    expect(filesUnder(home)).toEqual([]);
    expect(existsSync(join(home, 'sessions'))).toBe(false);
  });
});

describe('readRollout', () => {
  it('is null for a file that cannot be read', async () => {
    expect(await readRollout(join(codexHome(), 'missing.jsonl'))).toBeNull();
  });
});
