import { describe, expect, it } from 'vitest';
import { COMMANDS } from './help.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

function fakeIo(env: Record<string, string> = {}, stdinText: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    stdin: {
      isTTY: stdinText === null,
      async *[Symbol.asyncIterator]() {
        if (stdinText !== null) yield stdinText;
      },
    },
    env: { ASM_MOCK_LATENCY_MS: '0', ASM_STORE: 'memory:', ...env },
    cwd: '/nonexistent',
    onSignal: () => () => undefined,
    exit: () => undefined,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('asm (in process, memory store)', () => {
  it('runs a prompt: text on stdout, lifecycle and summary on stderr', async () => {
    const t = fakeIo();
    expect(await main(['run', 'Hello'], t.io)).toBe(0);
    expect(t.out()).toBe('Mock answer #1 to: "Hello"\n');
    expect(t.err()).toMatch(/● new session ses_[0-9a-f]{32}/);
    expect(t.err()).toMatch(/✓ completed in .* tokens .* cost n\/a/);
    expect(t.err()).toMatch(/resume with: asm resume ses_[0-9a-f]{32} "…"/);
    expect(t.out() + t.err()).not.toContain(String.fromCharCode(27));
  });

  it('reads the prompt from stdin when it is not a terminal', async () => {
    const t = fakeIo({}, 'From stdin\n');
    expect(await main(['run'], t.io)).toBe(0);
    expect(t.out()).toBe('Mock answer #1 to: "From stdin"\n');
  });

  it('prints only JSON lines of stored events with --json', async () => {
    const t = fakeIo();
    expect(await main(['run', '--json', 'Hi'], t.io)).toBe(0);
    const events = t
      .out()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0].type).toBe('session_created');
    expect(events.map((e) => e.type)).toContain('run_started');
    expect(events.at(-1).type).toBe('run_completed');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(t.err()).toBe('');
  });

  it('exits 1 with a failure summary when the run times out', async () => {
    const t = fakeIo({ ASM_MOCK_LATENCY_MS: '200' });
    expect(await main(['run', '--timeout', '50ms', 'slow'], t.io)).toBe(1);
    expect(t.err()).toMatch(/✗ timed out after/);
  });

  it.each([
    [['bogus'], "asm: unknown command 'bogus' (see asm --help)\n"],
    [['run', '--nope', 'x'], "asm: unknown option '--nope' for 'asm run' (see asm run --help)\n"],
    [['show'], 'asm: missing <session> (see asm show --help)\n'],
    [['run', '--session', 's', '--system', 'x', 'hi'], /--system applies to a new session only/],
    [['run'], 'asm: missing prompt: give it as an argument or on stdin (see asm run --help)\n'],
    [['events', 'ses_missing'], 'asm: session ses_missing does not exist\n'],
    [['sessions', '--store', 'nope'], /^asm: malformed store URL 'nope'/],
    [['sessions', '--status', 'done'], /^asm: --status must be one of pending, active/],
  ])('asm %j → one line on stderr, exit 2', async (argv, message) => {
    const t = fakeIo();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err().split('\n')).toHaveLength(2);
    expect(t.err()).toMatch(message);
    expect(t.out()).toBe('');
  });

  it('has --help with examples for every command', async () => {
    for (const command of COMMANDS) {
      const t = fakeIo();
      expect(await main([command, '--help'], t.io)).toBe(0);
      expect(t.out()).toMatch(new RegExp(`^Usage: asm ${command}`));
      expect(t.out()).toMatch(/Examples:\n {2}asm /);
    }
    const t = fakeIo();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/Exit codes: 0 ok, 1 run failed, 2 usage error or not found, 3 store/);
  });

  it('prints the package version', async () => {
    const t = fakeIo();
    expect(await main(['--version'], t.io)).toBe(0);
    expect(t.out()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
