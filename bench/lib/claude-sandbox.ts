import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeAnthropic } from '../../src/testing/fake-anthropic/index.js';
import { pidsWithEnv } from './env-processes.js';

export { isAlive } from './env-processes.js';
export { waitFor } from './polling.js';

/** Directories and environment of one benchmark case's Claude Code CLI. */
export interface ClaudeSandbox {
  /** The agent's working directory. */
  readonly workspace: string;
  /** The fake server's variables only (what `ClaudeAdapter({ env })` is given). */
  readonly fakeEnv: Readonly<Record<string, string>>;
  /** `process.env` with the fake's variables on top: the CLI's whole environment on both sides. */
  readonly env: Record<string, string>;
  /** The CLI's config dir: it names this sandbox's processes. */
  readonly configDir: string;
}

/** A sandbox under `root/name` for a CLI that talks only to `fake`, with its own config dir. */
export function claudeSandbox(root: string, name: string, fake: FakeAnthropic): ClaudeSandbox {
  const dir = join(root, name);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const fakeEnv = fake.env({ dir });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, fakeEnv);
  return { workspace, fakeEnv, env, configDir: fakeEnv.CLAUDE_CONFIG_DIR as string };
}

/**
 * The live processes (zombies excluded) whose environment holds `CLAUDE_CONFIG_DIR=<configDir>`:
 * a sandbox's CLI and whatever it started.
 */
export function sandboxPids(sandbox: ClaudeSandbox): number[] {
  return pidsWithEnv('CLAUDE_CONFIG_DIR', sandbox.configDir);
}
