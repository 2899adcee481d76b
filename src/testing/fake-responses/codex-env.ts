import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeCodexConfigValue, FakeResponsesEnvOptions } from './fake-responses-types.js';

/** The name of the model provider `codexConfig` declares, and the variable holding its key. */
export const FAKE_PROVIDER_ID = 'fake';
export const FAKE_KEY_ENV = 'FAKE_KEY';

/**
 * Codex `config` for a model provider at `url` (no `/v1`): the Responses wire API, the key read
 * from `FAKE_KEY`, and no request or stream retries, so an error reaches the client at once.
 */
export function fakeCodexConfig(url: string): { [key: string]: FakeCodexConfigValue } {
  return {
    model_provider: FAKE_PROVIDER_ID,
    model_providers: {
      [FAKE_PROVIDER_ID]: {
        name: 'Fake Responses API',
        base_url: `${url}/v1`,
        wire_api: 'responses',
        env_key: FAKE_KEY_ENV,
        request_max_retries: 0,
        stream_max_retries: 0,
      },
    },
  };
}

/**
 * The whole child environment for the Codex CLI (the SDK's `env` option replaces the environment):
 * `CODEX_HOME` and `HOME` inside `options.dir` (created here), the provider key and `PATH`.
 */
export function fakeCodexEnv(options: FakeResponsesEnvOptions): Record<string, string> {
  const codexHome = join(options.dir, 'codex-home');
  const home = join(options.dir, 'home');
  for (const dir of [codexHome, home]) mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = {
    CODEX_HOME: codexHome,
    HOME: home,
    [FAKE_KEY_ENV]: options.apiKey ?? 'sk-fake',
  };
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  return env;
}
