import { AgentSessionError } from '../../core/agent-session-error.js';
import type { FakeCodexScript } from './fake-codex-script.js';

/** Environment variable carrying the scenario (JSON of a `FakeCodexScript`). */
export const FAKE_CODEX_SCRIPT_ENV = 'ASM_FAKE_CODEX_SCRIPT';
/** Environment variable naming a file that receives the argv and stdin of every run, as JSON lines. */
export const FAKE_CODEX_LOG_ENV = 'ASM_FAKE_CODEX_LOG';

/** Options of `fakeCodexEnv` beyond the script. */
export interface FakeCodexEnvOptions {
  /** Append each run's argv, working directory and prompt to this file (JSON lines). */
  readonly logFile?: string;
}

/**
 * The environment for a `Codex` run against the fake codex executable: `base` plus the scenario.
 * The SDK's `env` option replaces the whole child environment, so `PATH` is copied from this
 * process when `base` has none. Give `CODEX_HOME` (where rollouts are kept) in `base`.
 *
 * @example
 * ```ts
 * const codex = new Codex({
 *   codexPathOverride: fakeCodexExecutable(),
 *   env: fakeCodexEnv({ turns: [{ text: 'Hello!' }] }, { CODEX_HOME: dir, HOME: dir }),
 * });
 * ```
 */
export function fakeCodexEnv(
  script: FakeCodexScript,
  base: Readonly<Record<string, string>> = {},
  options: FakeCodexEnvOptions = {},
): Record<string, string> {
  if (!Array.isArray(script?.turns)) {
    throw new AgentSessionError('validation_error', 'fakeCodexEnv: script.turns must be an array', {
      details: { field: 'script.turns' },
    });
  }
  const env: Record<string, string> = { ...base, [FAKE_CODEX_SCRIPT_ENV]: JSON.stringify(script) };
  if (env.PATH === undefined && process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (options.logFile !== undefined) env[FAKE_CODEX_LOG_ENV] = options.logFile;
  return env;
}
