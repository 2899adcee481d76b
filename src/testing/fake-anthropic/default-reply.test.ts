import { describe, expect, it } from 'vitest';
import { defaultFakeAnthropicReply, endsWithToolResult, lastUserText } from './default-reply.js';
import type { FakeAnthropicRequest } from './fake-anthropic-types.js';

const request = (body: unknown): FakeAnthropicRequest => ({
  method: 'POST',
  path: '/v1/messages',
  query: 'beta=true',
  headers: {},
  body,
  at: '2026-01-01T00:00:00.000Z',
});

// The shape the Claude Code CLI sends: a reminder block before the prompt, a system message last.
const cliBody = {
  messages: [
    { role: 'user', content: 'First' },
    { role: 'assistant', content: [{ type: 'text', text: 'Echo: First' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: '<system-reminder>\nAttribution…\n</system-reminder>\n' },
        { type: 'text', text: 'Say hello' },
      ],
    },
    { role: 'system', content: [{ type: 'text', text: '# Environment' }] },
  ],
};

describe('default reply', () => {
  it('echoes the last user text, skipping system reminders and later system messages', () => {
    expect(lastUserText(cliBody)).toBe('Say hello');
    expect(defaultFakeAnthropicReply(request(cliBody))).toEqual({ text: 'Echo: Say hello' });
  });

  it('reads a string content and answers an empty echo without user text', () => {
    expect(lastUserText({ messages: [{ role: 'user', content: 'plain' }] })).toBe('plain');
    expect(defaultFakeAnthropicReply(request(null))).toEqual({ text: 'Echo: ' });
    expect(lastUserText({ messages: 'nope' })).toBe('');
  });

  it('answers Done. when the last user message carries a tool result', () => {
    const body = {
      messages: [
        { role: 'user', content: 'Run it' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'hi' }] },
      ],
    };
    expect(endsWithToolResult(body)).toBe(true);
    expect(defaultFakeAnthropicReply(request(body))).toEqual({ text: 'Done.' });
    expect(endsWithToolResult(cliBody)).toBe(false);
  });
});
