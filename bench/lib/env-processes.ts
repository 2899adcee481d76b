import { readdirSync, readFileSync } from 'node:fs';

/**
 * The live processes (zombies excluded, this one too) whose environment holds `name=value`: a
 * benchmark sandbox's CLI and whatever it started, when the sandbox gives it a variable of its own.
 */
export function pidsWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(needle)) continue;
      if (isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  return pids;
}

/** Whether `pid` runs (a zombie has ended, only not yet been reaped). */
export function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
