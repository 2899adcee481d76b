import { describe, expect, it } from 'vitest';
import type { FakeResponsesRequest } from './fake-responses-types.js';
import { createIdSource, planReply } from './reply-plan.js';
import { responseEventGroups } from './response-events.js';

const request = (tools: unknown[] = [], model = 'gpt-5.5'): FakeResponsesRequest => ({
  method: 'POST',
  path: '/v1/responses',
  query: '',
  headers: {},
  body: { model, tools, input: [] },
  at: '2026-01-01T00:00:00.000Z',
});

describe('planReply', () => {
  it('plans text in pieces with deterministic ids, usage defaults and the request model', () => {
    const plan = planReply({ text: 'Hello world', chunks: 2 }, request(), createIdSource());
    expect(plan).toEqual({
      kind: 'response',
      response: {
        id: 'resp_fake_1',
        model: 'gpt-5.5',
        items: [
          { type: 'message', id: 'msg_fake_1', text: 'Hello world', pieces: ['Hello', ' world'] },
        ],
        usage: {
          input_tokens: 10,
          cached_input_tokens: 0,
          output_tokens: 3,
          reasoning_output_tokens: 0,
        },
        delayMs: 0,
      },
    });
  });

  it('counts reasoning tokens into the output tokens', () => {
    const plan = planReply({ text: 'Hi', reasoning: 'abcdefgh' }, request(), createIdSource());
    expect(plan.kind === 'response' && plan.response.usage).toMatchObject({
      output_tokens: 3,
      reasoning_output_tokens: 2,
    });
  });

  it('shapes commands for exec_command, shell_command and shell, and patches for custom or function tools', () => {
    const call = (reply: Parameters<typeof planReply>[0], tools: unknown[]) => {
      const plan = planReply(reply, request(tools), createIdSource());
      return plan.kind === 'response' ? plan.response.items.at(-1) : undefined;
    };
    expect(call({ command: 'ls' }, [])).toMatchObject({
      name: 'exec_command',
      arguments: '{"cmd":"ls"}',
    });
    expect(call({ command: 'ls' }, [{ type: 'function', name: 'shell_command' }])).toMatchObject({
      name: 'shell_command',
      arguments: '{"command":"ls"}',
    });
    expect(call({ command: 'ls' }, [{ type: 'function', name: 'shell' }])).toMatchObject({
      name: 'shell',
      arguments: '{"command":["bash","-lc","ls"]}',
    });
    expect(call({ patch: 'P' }, [{ type: 'custom', name: 'apply_patch' }])).toMatchObject({
      type: 'custom_tool_call',
      input: 'P',
      callId: 'call_fake_1',
    });
    expect(call({ patch: 'P' }, [{ type: 'function', name: 'apply_patch' }])).toMatchObject({
      type: 'function_call',
      arguments: '{"input":"P"}',
    });
  });

  it('turns a reply function that throws or nests too deep into a 500 naming it', () => {
    const ids = createIdSource();
    expect(
      planReply(
        () => {
          throw new Error('x');
        },
        request(),
        ids,
      ),
    ).toMatchObject({
      kind: 'error',
      status: 500,
      message: 'Fake Responses reply function threw: x',
    });
    const loop = (): (() => unknown) => loop;
    expect(planReply(loop as never, request(), ids)).toMatchObject({
      message: 'Fake Responses reply functions nest too deep',
    });
  });

  it('passes error, failed, hang and disconnect through', () => {
    const ids = createIdSource();
    expect(planReply({ error: { status: 429, code: 'c' } }, request(), ids)).toEqual({
      kind: 'error',
      status: 429,
      message: undefined,
      code: 'c',
    });
    expect(planReply({ failed: { message: 'm' } }, request(), ids)).toMatchObject({
      kind: 'failed',
      message: 'm',
    });
    expect(planReply({ hang: true }, request(), ids)).toMatchObject({ kind: 'hang' });
    expect(planReply({ disconnect: true }, request(), ids)).toMatchObject({ kind: 'disconnect' });
  });
});

describe('responseEventGroups', () => {
  it('puts every text delta in its own group, so a delay can space them', () => {
    const plan = planReply({ text: 'abc', chunks: 3 }, request(), createIdSource());
    if (plan.kind !== 'response') throw new Error('expected a response');
    const groups = responseEventGroups(plan.response);
    const deltaGroups = groups.filter((g) => g[0]?.type === 'response.output_text.delta');
    expect(deltaGroups.map((g) => g.map((e) => e.delta))).toEqual([['a'], ['b'], ['c']]);
    expect(groups.at(-1)?.[0]?.type).toBe('response.completed');
  });
});
