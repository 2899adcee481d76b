import { afterEach, describe, expect, it, vi } from 'vitest';
import { caught } from '../../../test/support/errors.js';
import { ClaudeAdapter } from './claude-adapter.js';
import { claudeSettings } from './claude-options.js';

function runAs(uid: number): void {
  vi.spyOn(process, 'getuid').mockReturnValue(uid);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("permissionMode 'bypassPermissions'", () => {
  it('is refused as root by the constructor, saying why and what to use instead', () => {
    runAs(0);
    const error = caught(() => new ClaudeAdapter({ permissionMode: 'bypassPermissions' }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('root');
    expect(error.message).toContain('refuses to start');
    expect(error.message).toContain('allowedTools');
    expect(error.message).toContain("'dontAsk'");
    expect(error.details).toMatchObject({ field: 'permissionMode', value: 'bypassPermissions' });
  });

  it('is accepted when not running as root', () => {
    runAs(1000);
    expect(new ClaudeAdapter({ permissionMode: 'bypassPermissions' })).toBeInstanceOf(
      ClaudeAdapter,
    );
    expect(claudeSettings({ permissionMode: 'bypassPermissions' }).permissionMode).toBe(
      'bypassPermissions',
    );
  });

  it('leaves the other permission modes usable as root', () => {
    runAs(0);
    for (const mode of ['default', 'acceptEdits', 'plan', 'dontAsk'] as const) {
      expect(claudeSettings({ permissionMode: mode }).permissionMode).toBe(mode);
    }
  });

  it('an unknown permission mode is a validation_error naming the field', () => {
    const error = caught(() => claudeSettings({ permissionMode: 'yolo' as 'default' }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('permissionMode');
  });
});
