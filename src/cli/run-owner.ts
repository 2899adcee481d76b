import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';

// Only platforms without /proc need `ps`: load child_process there, not at every start.
function execFileSync(file: string, args: readonly string[], options: object): string {
  const cp = createRequire(import.meta.url)(
    'node:child_process',
  ) as typeof import('node:child_process');
  return String(cp.execFileSync(file, args, options));
}

/** An owner written by `cliOwnerId`: the asm process that executes a run. */
export interface CliOwner {
  readonly host: string;
  readonly pid: number;
  /** The process's start time (Linux: /proc/<pid>/stat field 22; else `ps -o lstart`), or a `t`-token. */
  readonly start: string | null;
}

/** Whether an owner's process is running now: `unknown` when that cannot be proven either way. */
export type OwnerState = 'alive' | 'gone' | 'unknown';

/**
 * The start time of a process as a token without spaces or colons, or null when the process does
 * not exist. Linux: field 22 of /proc/<pid>/stat (clock ticks since boot); elsewhere `ps -o lstart=`.
 * `undefined` when this platform gives no way to tell.
 */
export function processStartTime(pid: number): string | null | undefined {
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? undefined;
  }
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return out === '' ? null : out.replace(/[\s:]+/g, '-');
  } catch (error) {
    // ps exits 1 when no such process; ENOENT when there is no ps.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

let own: string | undefined;

/**
 * The owner id an `asm run` process stores on its runs: `asm:<host>:<pid>:<start>`, where `<start>`
 * is the process's start time, so a later process that reuses the pid is never taken for the owner
 * (a random `t…` token where the start time cannot be read: such an owner is never signalled).
 *
 * @example
 * ```ts
 * cliOwnerId('build-box', 4242, '8123456'); // 'asm:build-box:4242:8123456'
 * ```
 */
export function cliOwnerId(host = hostname(), pid = process.pid, start?: string): string {
  if (start !== undefined) return `asm:${host}:${pid}:${start}`;
  own ??= `asm:${host}:${pid}:${processStartTime(pid) ?? `t${Math.random().toString(16).slice(2, 14)}`}`;
  return own;
}

/** The parts of an owner id written by `cliOwnerId` (or by older asm: no start), else null. */
export function parseCliOwner(owner: string | null): CliOwner | null {
  if (owner === null) return null;
  const match = /^asm:([^:]+):(\d+)(?::([^:]+))?$/.exec(owner);
  if (!match) return null;
  return { host: match[1] as string, pid: Number(match[2]), start: match[3] ?? null };
}

/**
 * Whether the asm process named by `owner` is running: `alive` only when a process with that pid
 * runs on this host and started at the recorded time; `gone` when no such process exists or the pid
 * now belongs to a process that started at another time; `unknown` for other hosts, other owners,
 * owners without a start time whose pid is in use, and platforms where start times cannot be read.
 *
 * @example
 * ```ts
 * ownerState(cliOwnerId()); // 'alive'
 * ```
 */
export function ownerState(owner: string | null, host = hostname()): OwnerState {
  const parsed = parseCliOwner(owner);
  if (parsed === null || parsed.host !== host) return 'unknown';
  if (parsed.pid === process.pid && owner === cliOwnerId()) return 'alive';
  const start = processStartTime(parsed.pid);
  if (start === null) return 'gone';
  if (start === undefined || parsed.start === null || parsed.start.startsWith('t')) {
    return 'unknown';
  }
  return start === parsed.start ? 'alive' : 'gone';
}
