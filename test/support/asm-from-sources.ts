import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** How an `asm` process ended, with everything it printed. */
export interface AsmResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `asm args` from the sources (through tsx) in `cwd` with exactly `env` (and `NO_COLOR`). */
export function asmFromSources(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<AsmResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src', 'cli', 'bin.ts'), ...args],
      { cwd, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}
