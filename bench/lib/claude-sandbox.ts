import type { FakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { pidsWithEnv } from './env-processes.js';
import { type SandboxBase, sandboxBase } from './sandbox-base.js';

/** Directories and environment of one benchmark case's Claude Code CLI. */
export interface ClaudeSandbox extends SandboxBase {
  /** The CLI's config dir: it names this sandbox's processes. */
  readonly configDir: string;
}

/** A sandbox under `root/name` for a CLI that talks only to `fake`, with its own config dir. */
export function claudeSandbox(root: string, name: string, fake: FakeAnthropic): ClaudeSandbox {
  const base = sandboxBase(root, name, (options) => fake.env(options));
  return { ...base, configDir: base.fakeEnv.CLAUDE_CONFIG_DIR as string };
}

/**
 * The live processes (zombies excluded) whose environment holds `CLAUDE_CONFIG_DIR=<configDir>`:
 * a sandbox's CLI and whatever it started.
 */
export function sandboxPids(sandbox: ClaudeSandbox): number[] {
  return pidsWithEnv('CLAUDE_CONFIG_DIR', sandbox.configDir);
}
