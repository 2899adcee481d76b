import { readdirSync, readFileSync } from 'node:fs';
import { ClaudeAdapter } from '../../src/adapters/claude/claude-adapter.js';
import type { ClaudeAdapterOptions } from '../../src/adapters/claude/claude-options.js';
import type { FakeAnthropic } from '../../src/testing/fake-anthropic/fake-anthropic-types.js';
import { startFakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { useFakeServer } from './fake-server-kit.js';

/** One test's directories: `dir` (config, home, tmp of the CLI live under it) and a workspace. */
export interface ClaudeSandbox {
  readonly dir: string;
  readonly workspace: string;
  /** The CLI's environment for the fake server (a config dir of its own under `dir`). */
  readonly env: Record<string, string>;
}

/**
 * Start one fake Anthropic server for the file (before all tests, closed after them) and give
 * each test fresh sandboxes, removed after it.
 */
export function useClaudeFake(): {
  readonly fake: FakeAnthropic;
  /** A new sandbox (a config dir of its own), e.g. a second machine. */
  sandbox(): ClaudeSandbox;
  /** A ClaudeAdapter on the real CLI talking to the fake, in `sandbox` (a new one by default). */
  adapter(options?: ClaudeAdapterOptions, sandbox?: ClaudeSandbox): ClaudeAdapter;
} {
  const { current, sandboxDir, track } = useFakeServer(() => startFakeAnthropic(), 'asm-claude-');
  const sandbox = (): ClaudeSandbox => {
    const { dir, workspace } = sandboxDir();
    return { dir, workspace, env: current().env({ dir }) };
  };
  return {
    get fake() {
      return current();
    },
    sandbox,
    adapter(options = {}, box = sandbox()) {
      return track(
        new ClaudeAdapter({ cwd: box.workspace, ...options, env: { ...box.env, ...options.env } }),
      );
    },
  };
}

/** A process found by `processesWithEnv`. */
export interface FoundProcess {
  readonly pid: number;
  readonly command: string;
}

/**
 * Every live process whose environment has `name=value`: a CLI started with a sandbox's env and
 * whatever its tools started (they inherit it), also once they are orphaned.
 */
export function processesWithEnv(name: string, value: string): FoundProcess[] {
  const needle = `${name}=${value}`;
  const found: FoundProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!env.includes(needle)) continue;
      const status = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\) Z /.test(status)) continue; // a zombie is dead, only not yet reaped
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid, command });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The processes of a sandbox (its CLI and the CLI's tools). */
export function sandboxProcesses(sandbox: ClaudeSandbox): FoundProcess[] {
  const configDir = sandbox.env.CLAUDE_CONFIG_DIR;
  if (configDir === undefined) throw new Error('the sandbox has no CLAUDE_CONFIG_DIR');
  return processesWithEnv('CLAUDE_CONFIG_DIR', configDir);
}

/** Poll `check` until it returns true or `ms` passed; returns its last answer. */
export async function eventually(check: () => boolean, ms: number, everyMs = 25): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
