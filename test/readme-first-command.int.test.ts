import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'asm-readme-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The first shell command under the README's "Two commands" heading. */
function readmeSetupCommand(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Two commands'));
  const match = /```sh\n(.+)\n```/.exec(section);
  if (!match?.[1]) throw new Error('README has no setup command under "Two commands"');
  return match[1];
}

it('the README says what needs the network: npm ci, and this test because it runs npm ci', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Two commands'),
    readme.indexOf('## A short tour'),
  );
  expect(section).not.toMatch(/nothing needs the network/i);
  expect(section).toMatch(/`npm ci` is the step that needs the network/);
  expect(section).toContain('npm registry');
  expect(section).toContain('test/readme-first-command.int.test.ts');
});

// Runs the README's first command, `npm ci` included, in a fresh clone: it needs the npm registry.
it('the README first command sets up a fresh clone and runs a mock session on SQLite, also with an API key set', () => {
  const clone = join(work, 'clone');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, clone]);
  const command = readmeSetupCommand();
  expect(command).toContain('run --provider mock');
  const env: NodeJS.ProcessEnv = { ...process.env, ASM_MOCK_LATENCY_MS: '0', NO_COLOR: '1' };
  for (const key of ['OPENAI_API_KEY', 'CODEX_API_KEY', 'ASM_STORE']) delete env[key];
  // A newcomer with a key in the shell: the first command still runs the mock, never the paid API.
  env.ANTHROPIC_API_KEY = 'sk-ant-newcomer-key';
  env.ANTHROPIC_BASE_URL = 'http://127.0.0.1:9';
  const result = spawnSync('bash', ['-c', command], { cwd: clone, env, encoding: 'utf8' });
  expect(result.status, result.stderr.slice(-2000)).toBe(0);
  expect(result.stdout).toMatch(/Mock answer/);
  expect(result.stderr).toMatch(/ses_[0-9a-f]{32}/);
  expect(existsSync(join(clone, '.asm', 'sessions.db'))).toBe(true);
}, 600_000);
