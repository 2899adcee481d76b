import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** What every benchmark sandbox has, whichever provider's CLI runs in it. */
export interface SandboxBase {
  /** The agent's working directory. */
  readonly workspace: string;
  /** The fake server's variables only (what the adapter's `env` option is given). */
  readonly fakeEnv: Readonly<Record<string, string>>;
  /** `process.env` with the fake's variables on top: the CLI's whole environment on both sides. */
  readonly env: Record<string, string>;
}

/**
 * The directories and environment of a sandbox under `root/name`: a new `workspace` in it, and
 * the variables `fakeEnv` gives for the sandbox's directory.
 */
export function sandboxBase(
  root: string,
  name: string,
  fakeEnv: (options: { dir: string }) => Record<string, string>,
): SandboxBase {
  const dir = join(root, name);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const variables = fakeEnv({ dir });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, variables);
  return { workspace, fakeEnv: variables, env };
}
