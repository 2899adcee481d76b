import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caught } from '../../../test/support/errors.js';
import { CodexAdapter } from './codex-adapter.js';
import { type CodexAdapterOptions, codexSettings } from './codex-options.js';

// Every bad option of `new CodexAdapter(options)` is a validation_error naming its field, before
// any process is started; good ones get their defaults.

/** The options as given, whatever their type (what a JavaScript caller may pass). */
const loose = (options: unknown) => options as CodexAdapterOptions;

function expectRefused(options: unknown, field: string): void {
  const error = caught(() => new CodexAdapter(loose(options)));
  expect(error.code).toBe('validation_error');
  expect(error.details).toMatchObject({ field });
  expect(error.message).toContain(field);
}

/** A config object nested `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('CodexAdapter options', () => {
  const cases: [string, unknown, string][] = [
    ["model ''", { model: '' }, 'model'],
    ['model not a string', { model: 5 }, 'model'],
    ['workingDirectory 1', { workingDirectory: 1 }, 'workingDirectory'],
    ["sandboxMode 'x'", { sandboxMode: 'x' }, 'sandboxMode'],
    ["approvalPolicy 'x'", { approvalPolicy: 'x' }, 'approvalPolicy'],
    ["skipGitRepoCheck 'yes'", { skipGitRepoCheck: 'yes' }, 'skipGitRepoCheck'],
    ["codexPathOverride ''", { codexPathOverride: '' }, 'codexPathOverride'],
    ["baseUrl ''", { baseUrl: '' }, 'baseUrl'],
    ["apiKey ''", { apiKey: '' }, 'apiKey'],
    ['config a string', { config: 'model="x"' }, 'config'],
    ['config with a function', { config: { hook: () => 1 } }, 'config.hook'],
    ['config with NaN', { config: { limits: { tokens: Number.NaN } } }, 'config.limits.tokens'],
    ['config with Infinity in an array', { config: { list: [1, Infinity] } }, 'config.list[1]'],
    ['config with null', { config: { empty: null } }, 'config.empty'],
    ['env a string', { env: 'A=1' }, 'env'],
    ['env null', { env: null }, 'env'],
    ['env value a number', { env: { PORT: 8080 } }, 'env.PORT'],
    ['env value an object', { env: { NESTED: { a: 'b' } } }, 'env.NESTED'],
  ];
  it.each(cases)('%s is a validation_error naming the field', (_what, options, field) => {
    expectRefused(options, field);
  });

  it('options that are not an object are a validation_error', () => {
    const error = caught(() => new CodexAdapter(loose('fast')));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('options');
  });

  it('a config nested too deeply, or a cycle, is a validation_error naming where', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const config of [nested(20), cycle]) {
      const error = caught(() => new CodexAdapter(loose({ config })));
      expect(error.code).toBe('validation_error');
      expect(error.message).toContain('nested too deeply');
      expect(String(error.details.field)).toMatch(/^config(\.a|\.self)+$/);
    }
    expect(() => new CodexAdapter({ config: nested(14) as never })).not.toThrow();
  });

  it('accepts process.env as env, and a key set to undefined removes it', () => {
    expect(() => new CodexAdapter({ env: process.env })).not.toThrow();
    const settings = codexSettings({ env: { ...process.env, ASM_GONE: undefined, ASM_SET: '1' } });
    expect(settings.env.ASM_SET).toBe('1');
    expect('ASM_GONE' in settings.env).toBe(false);
    expect(settings.env.PATH).toBe(process.env.PATH);
  });

  it('accepts every sandbox mode and approval policy of the SDK, and a valid config', () => {
    for (const sandboxMode of ['read-only', 'workspace-write', 'danger-full-access'] as const) {
      expect(codexSettings({ sandboxMode }).sandboxMode).toBe(sandboxMode);
    }
    for (const approvalPolicy of ['never', 'on-request', 'on-failure', 'untrusted'] as const) {
      expect(codexSettings({ approvalPolicy }).approvalPolicy).toBe(approvalPolicy);
    }
    const config = { model_provider: 'fake', model_providers: { fake: { retries: [1, 2] } } };
    expect(codexSettings({ config }).config).toEqual(config);
  });
});

describe('CodexAdapter defaults', () => {
  it('CODEX_HOME defaults to .codex under the env HOME, and follows CODEX_HOME when set', () => {
    const home = resolve('/tmp/asm-codex-home');
    const noCodexHome = { HOME: home, CODEX_HOME: undefined };
    expect(codexSettings({ env: noCodexHome }).codexHome).toBe(join(home, '.codex'));
    expect(codexSettings({ env: { CODEX_HOME: 'relative/codex' } }).codexHome).toBe(
      resolve('relative/codex'),
    );
  });

  it('workingDirectory defaults to the current directory, resolved; model to none', () => {
    const settings = codexSettings({});
    expect(settings.workingDirectory).toBe(process.cwd());
    expect(settings.model).toBeNull();
    expect(new CodexAdapter().model).toBeNull();
    expect(codexSettings({ workingDirectory: 'sub/dir' }).workingDirectory).toBe(
      resolve('sub/dir'),
    );
    expect(new CodexAdapter({ model: 'gpt-5.5' }).model).toBe('gpt-5.5');
  });

  it('declares no streaming and no interrupt: command execution, file operations, tools, resume', () => {
    const names = new CodexAdapter()
      .capabilities()
      .map((c) => c.name)
      .sort();
    expect(names).toEqual(['command_execution', 'file_operations', 'resume', 'tools']);
  });
});
