import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('reads the arguments the SDK passes, in --name=value and --name value form', () => {
    const args = parseCliArgs([
      '--output-format',
      'stream-json',
      '--verbose',
      '--model=claude-x',
      '--permission-prompt-tool=stdio',
      '--resume',
      'sid-1',
      '--allowedTools=Bash,Read',
      '--disallowedTools',
      'Write',
      '--setting-sources=',
      '--include-partial-messages',
      '--permission-mode=acceptEdits',
      '--add-dir=/a',
      '--add-dir=/b',
      '--no-session-persistence',
    ]);
    expect(args).toEqual({
      model: 'claude-x',
      resume: 'sid-1',
      sessionId: undefined,
      permissionPromptStdio: true,
      permissionMode: 'acceptEdits',
      allowedTools: ['Bash', 'Read'],
      disallowedTools: ['Write'],
      includePartialMessages: true,
      persistSession: false,
      additionalDirectories: ['/a', '/b'],
    });
  });

  it('defaults: no prompt tool, default mode, persisted, no partial messages', () => {
    expect(parseCliArgs(['--verbose'])).toMatchObject({
      permissionPromptStdio: false,
      permissionMode: 'default',
      includePartialMessages: false,
      persistSession: true,
      model: undefined,
    });
  });
});
