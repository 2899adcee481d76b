import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Something to close after a test. */
interface Closable {
  close(): Promise<void>;
}

/**
 * One fake server for the test file (started before all tests, closed after them), and each
 * test's sandbox dirs and adapters: after each test the adapters are closed, then the dirs removed.
 */
export function useFakeServer<Fake extends Closable>(start: () => Promise<Fake>, prefix: string) {
  let fake: Fake | null = null;
  const dirs: string[] = [];
  const adapters: Closable[] = [];
  beforeAll(async () => {
    fake = await start();
  });
  afterAll(async () => {
    await fake?.close();
  });
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** The running fake (throws outside tests). */
    current(): Fake {
      if (fake === null) throw new Error('the fake server runs only inside tests');
      return fake;
    },
    /** A new sandbox dir named `prefix…` with an empty `workspace` in it. */
    sandboxDir(): { dir: string; workspace: string } {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      const workspace = join(dir, 'workspace');
      mkdirSync(workspace);
      return { dir, workspace };
    },
    /** Close `adapter` after the test. */
    track<A extends Closable>(adapter: A): A {
      adapters.push(adapter);
      return adapter;
    },
  };
}
