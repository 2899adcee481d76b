import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodexOptions, ThreadOptions } from '@openai/codex-sdk';
import type { FakeResponses } from '../../src/testing/fake-responses/index.js';
import { pidsWithEnv } from './env-processes.js';

/** Directories, environment and options of one benchmark case's Codex CLI. */
export interface CodexSandbox {
  /** The agent's working directory. */
  readonly workspace: string;
  /** The fake's variables only (what `CodexAdapter({ env })` is given). */
  readonly fakeEnv: Readonly<Record<string, string>>;
  /**
   * `process.env` with the fake's variables on top: the CLI's whole environment on both sides
   * (the adapter puts its `env` on top of `process.env`; the SDK's `env` replaces it).
   */
  readonly env: Record<string, string>;
  /** The `config` overrides pointing the CLI at the fake. */
  readonly config: NonNullable<CodexOptions['config']>;
  /** The thread options of both sides (the adapter's options give it the same ones). */
  readonly threadOptions: ThreadOptions;
  /** The CLI's `CODEX_HOME`: it names this sandbox's processes. */
  readonly codexHome: string;
}

/** A sandbox under `root/name` for a CLI that talks only to `fake`, with its own `CODEX_HOME`. */
export function codexSandbox(root: string, name: string, fake: FakeResponses): CodexSandbox {
  const dir = join(root, name);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const fakeEnv = fake.env({ dir });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, fakeEnv);
  return {
    workspace,
    fakeEnv,
    env,
    config: fake.codexConfig(),
    threadOptions: {
      workingDirectory: workspace,
      skipGitRepoCheck: true,
      model: 'gpt-5.5',
      sandboxMode: 'workspace-write',
    },
    codexHome: fakeEnv.CODEX_HOME as string,
  };
}

/**
 * The live processes (zombies excluded) whose environment holds `CODEX_HOME=<codexHome>`: a
 * sandbox's CLI and whatever it started.
 */
export function codexSandboxPids(sandbox: CodexSandbox): number[] {
  return pidsWithEnv('CODEX_HOME', sandbox.codexHome);
}
