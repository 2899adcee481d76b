import { describe, expect, it } from 'vitest';
import type { CliIo, StopCause } from './io.js';
import { main } from './main.js';

const CLEAR_LINE = '\r\u001b[2K';

function terminalIo(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  let handler: ((signal: StopCause) => void) | null = null;
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t), isTTY: true },
    stderr: { write: (t: string) => err.push(t), isTTY: true },
    stdin: { isTTY: true, async *[Symbol.asyncIterator]() {} },
    env: { ASM_STORE: 'memory:', NO_COLOR: '1', ...env },
    cwd: '/nonexistent',
    onSignal: (h) => {
      handler = h;
      return () => {
        handler = null;
      };
    },
    exit: () => undefined,
  };
  return { io, err: () => err.join(''), signal: (s: StopCause) => handler?.(s) };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

describe('asm run on a terminal, stopped from outside', () => {
  it('clears the spinner frame on Ctrl-C and draws it no more', async () => {
    const t = terminalIo({ ASM_MOCK_LATENCY_MS: '400' });
    const code = main(['run', 'Take your time'], t.io);
    await until(() => t.err().includes('Thinking…'));
    t.signal('SIGINT');
    expect(await code).toBe(130);
    const err = t.err();
    const cancelling = err.indexOf('\ncancelling…');
    expect(cancelling).toBeGreaterThan(0);
    expect(err.slice(0, cancelling).endsWith(CLEAR_LINE)).toBe(true);
    expect(err.slice(cancelling)).not.toContain('Thinking…');
  });

  it('cancels the run quietly when the reader of stdout went away', async () => {
    const t = terminalIo({ ASM_MOCK_LATENCY_MS: '100' });
    let closed = false;
    const io: CliIo = { ...t.io, outputClosed: () => closed };
    const code = main(['run', 'A long answer, please'], io);
    await until(() => t.err().includes('▸ run'));
    closed = true;
    t.signal('EPIPE');
    expect(await code).toBe(141);
    expect(t.err()).not.toMatch(/cancelling|cancelled after/);
  });
});
