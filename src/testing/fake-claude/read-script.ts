import { FAKE_CLAUDE_SCRIPT_ENV } from './fake-claude-env.js';
import type { FakeClaudeScript } from './fake-claude-script.js';

/** The scenario from the environment; none means every message gets the default echo. */
export function readScript(env: NodeJS.ProcessEnv): FakeClaudeScript {
  const raw = env[FAKE_CLAUDE_SCRIPT_ENV];
  if (raw === undefined || raw === '') return { turns: [] };
  try {
    const script = JSON.parse(raw) as FakeClaudeScript;
    if (!Array.isArray(script.turns)) throw new Error('turns must be an array');
    return script;
  } catch (error) {
    process.stderr.write(
      `fake-claude: ${FAKE_CLAUDE_SCRIPT_ENV} is not a valid script: ${(error as Error).message}\n`,
    );
    process.exit(2);
  }
}
