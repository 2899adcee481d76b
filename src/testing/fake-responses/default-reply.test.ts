import { describe, expect, it } from 'vitest';
import { defaultFakeResponsesReply, endsWithToolOutput, lastUserText } from './default-reply.js';
import type { FakeResponsesRequest } from './fake-responses-types.js';

const request = (body: unknown): FakeResponsesRequest => ({
  method: 'POST',
  path: '/v1/responses',
  query: '',
  headers: {},
  body,
  at: '2026-01-01T00:00:00.000Z',
});

const user = (text: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

// The shape the Codex CLI sends: developer messages, an environment block, the prompt; on resume
// the earlier turn with its tool call comes before the new prompt.
const cliBody = {
  input: [
    {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: 'You are Codex' }],
    },
    user('<environment_context>\n  <cwd>/w</cwd>\n</environment_context>'),
    user('First'),
    { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
    user('Second'),
  ],
};

describe('default reply', () => {
  it('finds the last user text, skipping the context blocks the CLI adds', () => {
    expect(lastUserText(cliBody)).toBe('Second');
    expect(lastUserText({ input: [cliBody.input[1], user('Only')] })).toBe('Only');
    expect(lastUserText({ input: 'plain string' })).toBe('plain string');
    expect(lastUserText({ input: [cliBody.input[1]] })).toBe('');
    expect(lastUserText(null)).toBe('');
  });

  it('sees a tool output only after the last user message', () => {
    expect(endsWithToolOutput(cliBody)).toBe(false);
    const afterTool = { input: [...cliBody.input, cliBody.input[3], cliBody.input[4]] };
    expect(endsWithToolOutput(afterTool)).toBe(true);
    const afterPatch = {
      input: [user('Patch'), { type: 'custom_tool_call_output', call_id: 'c2', output: 'ok' }],
    };
    expect(endsWithToolOutput(afterPatch)).toBe(true);
    expect(endsWithToolOutput({})).toBe(false);
  });

  it('echoes the prompt, or says Done. after a tool output', () => {
    expect(defaultFakeResponsesReply(request(cliBody))).toEqual({ text: 'Echo: Second' });
    const afterTool = { input: [user('Run'), cliBody.input[3], cliBody.input[4]] };
    expect(defaultFakeResponsesReply(request(afterTool))).toEqual({ text: 'Done.' });
  });
});
