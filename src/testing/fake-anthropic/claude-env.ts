import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeAnthropicEnvOptions } from './fake-anthropic-types.js';

/**
 * The whole child environment for the Claude Code CLI so that it talks only to `url`: no other
 * traffic, no retries, and its config, home and temp dirs inside `options.dir` (created here).
 */
export function claudeCodeEnv(
  url: string,
  options: FakeAnthropicEnvOptions,
): Record<string, string> {
  const config = join(options.dir, 'config');
  const home = join(options.dir, 'home');
  const tmp = join(options.dir, 'tmp');
  for (const dir of [config, home, tmp]) mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = {
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_API_KEY: options.apiKey ?? 'sk-ant-fake',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    CLAUDE_CONFIG_DIR: config,
    HOME: home,
    CLAUDE_CODE_TMPDIR: tmp,
  };
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  return env;
}
