import type { CodexOptions, ThreadOptions } from '@openai/codex-sdk';
import type { FakeResponses } from '../../src/testing/fake-responses/index.js';
import { pidsWithEnv } from './env-processes.js';
import { type SandboxBase, sandboxBase } from './sandbox-base.js';

/**
 * Directories, environment and options of one benchmark case's Codex CLI (the adapter puts its
 * `env` on top of `process.env`; the SDK's `env` replaces it, so both sides get the whole `env`).
 */
export interface CodexSandbox extends SandboxBase {
  /** The `config` overrides pointing the CLI at the fake. */
  readonly config: NonNullable<CodexOptions['config']>;
  /** The thread options of both sides (the adapter's options give it the same ones). */
  readonly threadOptions: ThreadOptions;
  /** The CLI's `CODEX_HOME`: it names this sandbox's processes. */
  readonly codexHome: string;
}

/** A sandbox under `root/name` for a CLI that talks only to `fake`, with its own `CODEX_HOME`. */
export function codexSandbox(root: string, name: string, fake: FakeResponses): CodexSandbox {
  const base = sandboxBase(root, name, (options) => fake.env(options));
  return {
    ...base,
    config: fake.codexConfig(),
    threadOptions: {
      workingDirectory: base.workspace,
      skipGitRepoCheck: true,
      model: 'gpt-5.5',
      sandboxMode: 'workspace-write',
    },
    codexHome: base.fakeEnv.CODEX_HOME as string,
  };
}

/**
 * The live processes (zombies excluded) whose environment holds `CODEX_HOME=<codexHome>`: a
 * sandbox's CLI and whatever it started.
 */
export function codexSandboxPids(sandbox: CodexSandbox): number[] {
  return pidsWithEnv('CODEX_HOME', sandbox.codexHome);
}
