import { FAKE_CODEX_SCRIPT_ENV } from './fake-codex-env.js';
import type { FakeCodexScript } from './fake-codex-script.js';

/** The scenario from the environment; none means every prompt gets the default echo. */
export function readScript(env: NodeJS.ProcessEnv): FakeCodexScript | string {
  const raw = env[FAKE_CODEX_SCRIPT_ENV];
  if (raw === undefined || raw === '') return { turns: [] };
  try {
    const script = JSON.parse(raw) as FakeCodexScript;
    if (!Array.isArray(script.turns)) throw new Error('turns must be an array');
    return script;
  } catch (error) {
    return `fake-codex: ${FAKE_CODEX_SCRIPT_ENV} is not a valid script: ${(error as Error).message}\n`;
  }
}
