import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

function quote(path: string): string {
  return `'${path.replace(/'/g, `'"'"'`)}'`;
}

/**
 * Absolute path of the fake `codex` executable, for the Codex SDK's `codexPathOverride`. The SDK
 * spawns that path directly, so it is a small `/bin/sh` launcher (written once into the temp
 * directory, mode 755) that starts this Node with the fake: `fake-codex-bin.js` from the built
 * package, or, when this module runs from TypeScript sources (vitest, tsx), a `.mjs` file that
 * loads the sources through tsx (a dev dependency). It needs no `PATH`.
 *
 * @example
 * ```ts
 * const codex = new Codex({ codexPathOverride: fakeCodexExecutable(), env: fakeCodexEnv(script, env) });
 * const { events } = await codex.startThread({ skipGitRepoCheck: true }).runStreamed('hi');
 * ```
 */
export function fakeCodexExecutable(): string {
  if (cached !== undefined) return cached;
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(
    new URL(fromSource ? './fake-codex-from-source.mjs' : './fake-codex-bin.js', import.meta.url),
  );
  const script = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(entry)} "$@"\n`;
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `asm-fake-codex-${hash}`);
  const path = join(dir, 'codex');
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== script) {
    mkdirSync(dir, { recursive: true });
    // Written beside and renamed, so a process running the launcher never sees half a file.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, script, { mode: 0o755 });
    chmodSync(temp, 0o755);
    renameSync(temp, path);
  }
  cached = path;
  return path;
}
