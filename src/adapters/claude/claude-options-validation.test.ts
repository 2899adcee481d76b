import { describe, expect, it } from 'vitest';
import { caught } from '../../../test/support/errors.js';
import { ClaudeAdapter } from './claude-adapter.js';
import {
  type ClaudeAdapterOptions,
  claudeSettings,
  MANAGED_SDK_OPTIONS,
} from './claude-options.js';

// Every bad option of `new ClaudeAdapter(options)` is a validation_error naming its field, before
// any process is started.

/** The options as given, whatever their type (what a JavaScript caller may pass). */
const loose = (options: Record<string, unknown>) => options as unknown as ClaudeAdapterOptions;

function expectRefused(options: Record<string, unknown>, field: string): void {
  const error = caught(() => new ClaudeAdapter(loose(options)));
  expect(error.code).toBe('validation_error');
  expect(error.details).toMatchObject({ field });
  expect(error.message).toContain(field);
}

describe('ClaudeAdapter options', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["model ''", { model: '' }, 'model'],
    ['model not a string', { model: 4 }, 'model'],
    ["cwd ''", { cwd: '' }, 'cwd'],
    ['env a string', { env: 'A=1' }, 'env'],
    ['env null', { env: null }, 'env'],
    ['env value a number', { env: { PORT: 8080 } }, 'env.PORT'],
    ['env value an object', { env: { NESTED: { a: 'b' } } }, 'env.NESTED'],
    ["permissionMode 'x'", { permissionMode: 'x' }, 'permissionMode'],
    ['allowedTools a string', { allowedTools: 'Read' }, 'allowedTools'],
    ["allowedTools with ''", { allowedTools: ['Read', ''] }, 'allowedTools[1]'],
    ['disallowedTools an object', { disallowedTools: { Bash: true } }, 'disallowedTools'],
    ['maxTurns 0', { maxTurns: 0 }, 'maxTurns'],
    ['maxTurns 1.5', { maxTurns: 1.5 }, 'maxTurns'],
    ['canUseTool not a function', { canUseTool: 'allow' }, 'canUseTool'],
    [
      "pathToClaudeCodeExecutable ''",
      { pathToClaudeCodeExecutable: '' },
      'pathToClaudeCodeExecutable',
    ],
    ['sdkOptions not an object', { sdkOptions: 'fast' }, 'sdkOptions'],
    ['keepAlive not an object', { keepAlive: 1000 }, 'keepAlive'],
    ['keepAlive.idleMs 0', { keepAlive: { idleMs: 0 } }, 'keepAlive.idleMs'],
    ['keepAlive.idleMs over a day', { keepAlive: { idleMs: 86_400_001 } }, 'keepAlive.idleMs'],
    ['keepAlive without idleMs', { keepAlive: {} }, 'keepAlive.idleMs'],
    ['stderrLimit -1', { stderrLimit: -1 }, 'stderrLimit'],
  ];
  it.each(cases)('%s is a validation_error naming the field', (_what, options, field) => {
    expectRefused(options, field);
  });

  it('options that are not an object are a validation_error', () => {
    const error = caught(() => new ClaudeAdapter('fast' as unknown as ClaudeAdapterOptions));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('options');
  });

  it.each(MANAGED_SDK_OPTIONS)('sdkOptions.%s is refused: the adapter sets it', (key) => {
    expectRefused(
      { sdkOptions: { [key]: key === 'systemPrompt' ? 'x' : true } },
      `sdkOptions.${key}`,
    );
  });

  it('refuses every option the adapter manages, and only those', () => {
    expect([...MANAGED_SDK_OPTIONS].sort()).toEqual(
      [
        'abortController',
        'continue',
        'forkSession',
        'includePartialMessages',
        'resume',
        'sessionId',
        'spawnClaudeCodeProcess',
        'systemPrompt',
      ].sort(),
    );
    const settings = claudeSettings({
      sdkOptions: { maxThinkingTokens: 1024, additionalDirectories: ['/tmp'] },
    });
    expect(settings.sdkOptions).toEqual({
      maxThinkingTokens: 1024,
      additionalDirectories: ['/tmp'],
    });
  });

  it('accepts the limits of keepAlive.idleMs', () => {
    expect(claudeSettings({ keepAlive: { idleMs: 1 } }).keepAlive).toEqual({ idleMs: 1 });
    expect(claudeSettings({ keepAlive: { idleMs: 86_400_000 } }).keepAlive).toEqual({
      idleMs: 86_400_000,
    });
  });
});

describe('ClaudeAdapter env', () => {
  it('accepts process.env itself', () => {
    const settings = claudeSettings({ env: process.env });
    expect(settings.env.PATH).toBe(process.env.PATH);
    expect(new ClaudeAdapter({ env: process.env })).toBeInstanceOf(ClaudeAdapter);
  });

  it('is on top of process.env; a key set to undefined is removed', () => {
    const settings = claudeSettings({ env: { ASM_EXTRA: 'yes', PATH: undefined } });
    expect(settings.env.ASM_EXTRA).toBe('yes');
    expect(settings.env.PATH).toBeUndefined();
    expect(Object.values(settings.env).every((value) => typeof value === 'string')).toBe(true);
  });

  it('names the config dir from CLAUDE_CONFIG_DIR, else HOME/.claude', () => {
    expect(claudeSettings({ env: { CLAUDE_CONFIG_DIR: '/tmp/cfg' } }).configDir).toBe('/tmp/cfg');
    expect(
      claudeSettings({ env: { CLAUDE_CONFIG_DIR: undefined, HOME: '/tmp/home' } }).configDir,
    ).toBe('/tmp/home/.claude');
  });
});
