import { AgentSessionError } from '../../core/agent-session-error.js';
import type { FakeClaudeScript } from './fake-claude-script.js';

/** Environment variable carrying the scenario (JSON of a `FakeClaudeScript`). */
export const FAKE_CLAUDE_SCRIPT_ENV = 'ASM_FAKE_CLAUDE_SCRIPT';
/** Environment variable naming a file that receives every argv and stdin line, as JSON lines. */
export const FAKE_CLAUDE_LOG_ENV = 'ASM_FAKE_CLAUDE_LOG';

/** Options of `fakeClaudeEnv` beyond the script. */
export interface FakeClaudeEnvOptions {
  /** Append each argv and stdin line the fake receives to this file (JSON lines). */
  readonly logFile?: string;
}

/**
 * The environment for a `query()` run against the fake Claude executable: `base` plus the scenario.
 * The SDK's `env` option replaces the whole child environment, so `PATH` (needed to find `node`) is
 * copied from this process when `base` has none.
 *
 * @example
 * ```ts
 * const q = query({
 *   prompt: 'hi',
 *   options: {
 *     pathToClaudeCodeExecutable: fakeClaudeExecutable(),
 *     env: fakeClaudeEnv({ turns: [{ text: 'Hello!' }] }, { CLAUDE_CONFIG_DIR: dir }),
 *   },
 * });
 * ```
 */
export function fakeClaudeEnv(
  script: FakeClaudeScript,
  base: Readonly<Record<string, string>> = {},
  options: FakeClaudeEnvOptions = {},
): Record<string, string> {
  if (!Array.isArray(script?.turns)) {
    throw new AgentSessionError(
      'validation_error',
      'fakeClaudeEnv: script.turns must be an array',
      {
        details: { field: 'script.turns' },
      },
    );
  }
  const env: Record<string, string> = { ...base, [FAKE_CLAUDE_SCRIPT_ENV]: JSON.stringify(script) };
  if (env.PATH === undefined && process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (options.logFile !== undefined) env[FAKE_CLAUDE_LOG_ENV] = options.logFile;
  return env;
}
