import { hostname } from 'node:os';

const PREFIX = 'asm';

/**
 * The owner id an `asm run` process stores on its runs: `asm:<host>:<pid>`. `asm cancel` reads it
 * back to find the process executing a run (see docs/decisions, cross-process cancel).
 *
 * @example
 * ```ts
 * cliOwnerId('build-box', 4242); // 'asm:build-box:4242'
 * ```
 */
export function cliOwnerId(host = hostname(), pid = process.pid): string {
  return `${PREFIX}:${host}:${pid}`;
}

/** The host and pid of an owner id written by `cliOwnerId`, or null for any other owner. */
export function parseCliOwner(owner: string | null): { host: string; pid: number } | null {
  if (owner === null) return null;
  const match = /^asm:(.+):(\d+)$/.exec(owner);
  if (!match) return null;
  return { host: match[1] as string, pid: Number(match[2]) };
}
