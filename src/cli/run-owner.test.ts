import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cliOwnerId, ownerState, parseCliOwner, processStartTime } from './run-owner.js';

describe('asm run owners', () => {
  it('name host, pid and start time, and parse back', () => {
    const own = cliOwnerId();
    expect(own).toMatch(new RegExp(`^asm:${hostname()}:${process.pid}:[^:]+$`));
    expect(parseCliOwner('asm:box:42:777')).toEqual({ host: 'box', pid: 42, start: '777' });
    expect(parseCliOwner('asm:box:42')).toEqual({ host: 'box', pid: 42, start: null });
    expect(parseCliOwner('box:42:abc')).toBeNull();
  });

  it('are alive only when pid and start time both match', async () => {
    const child = spawn('sleep', ['10'], { stdio: 'ignore' });
    try {
      const pid = child.pid as number;
      const start = processStartTime(pid) as string;
      expect(typeof start).toBe('string');
      expect(ownerState(cliOwnerId(hostname(), pid, start))).toBe('alive');
      expect(ownerState(cliOwnerId(hostname(), pid, `${start}9`))).toBe('gone');
      // Without a start time a live pid proves nothing.
      expect(ownerState(`asm:${hostname()}:${pid}`)).toBe('unknown');
      expect(ownerState(cliOwnerId(hostname(), pid, 'tabc123'))).toBe('unknown');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('are gone when the pid does not exist, unknown on another host or for other owners', () => {
    expect(ownerState(`asm:${hostname()}:999999999:1`)).toBe('gone');
    expect(ownerState(`asm:${hostname()}:999999999`)).toBe('gone');
    expect(ownerState('asm:elsewhere:1:1')).toBe('unknown');
    expect(ownerState('my-app:1:2')).toBe('unknown');
    expect(ownerState(null)).toBe('unknown');
    expect(ownerState(cliOwnerId())).toBe('alive');
  });
});
