import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Build `dist/` once before the suite: the packaging and CLI tests use the built package. */
export default function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: resolve(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
