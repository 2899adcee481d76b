import { describe, expect, it } from 'vitest';
import type { FakeAnthropicRequest } from './fake-anthropic-types.js';
import { createIdSource, planReply } from './reply-plan.js';

const request = (body: unknown): FakeAnthropicRequest => ({
  method: 'POST',
  path: '/v1/messages',
  query: '',
  headers: {},
  body,
  at: '2026-01-01T00:00:00.000Z',
});

describe('planReply', () => {
  it('plans a text reply with the request model, deltas and default usage', () => {
    const plan = planReply(
      { text: 'Hello world', chunks: 2 },
      request({ model: 'm1' }),
      createIdSource(),
    );
    expect(plan).toEqual({
      kind: 'message',
      message: {
        id: 'msg_fake_1',
        model: 'm1',
        blocks: [{ type: 'text', text: 'Hello world', pieces: ['Hello', ' world'] }],
        stopReason: 'end_turn',
        usage: {
          input_tokens: 10,
          output_tokens: 3,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
        },
        delayMs: 0,
      },
    });
  });

  it('sends given pieces as they are and puts thinking first', () => {
    const plan = planReply(
      { text: 'ignored', chunks: ['a', 'b'], thinking: 'hmm', usage: { output_tokens: 7 } },
      request(null),
      createIdSource(),
    );
    if (plan.kind !== 'message') throw new Error(`expected a message, got ${plan.kind}`);
    expect(plan.message.model).toBe('claude-fake');
    expect(plan.message.blocks.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(plan.message.blocks[1]).toEqual({ type: 'text', text: 'ab', pieces: ['a', 'b'] });
    expect(plan.message.usage.output_tokens).toBe(7);
  });

  it('numbers tool ids per server and keeps a given id', () => {
    const ids = createIdSource();
    const tool = { toolUse: { name: 'Bash', input: { command: 'ls' } }, text: 'Looking' };
    const first = planReply(tool, request(null), ids);
    const second = planReply(
      { toolUse: { name: 'Read', input: {}, id: 'toolu_mine' } },
      request(null),
      ids,
    );
    if (first.kind !== 'message' || second.kind !== 'message') throw new Error('expected messages');
    expect(first.message.stopReason).toBe('tool_use');
    expect(first.message.blocks).toEqual([
      { type: 'text', text: 'Looking', pieces: ['Looking'] },
      { type: 'tool_use', id: 'toolu_fake_1', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(second.message.id).toBe('msg_fake_2');
    expect(second.message.blocks).toEqual([
      { type: 'tool_use', id: 'toolu_mine', name: 'Read', input: {} },
    ]);
  });

  it('applies reply functions to the request, nested ones too', () => {
    const plan = planReply(
      (r) => () => ({ text: `saw ${String((r.body as { n: number }).n)}` }),
      request({ n: 4 }),
      createIdSource(),
    );
    expect(plan.kind === 'message' && plan.message.blocks[0]).toMatchObject({ text: 'saw 4' });
  });

  it('turns a throwing reply function into a 500 naming the problem', () => {
    const plan = planReply(
      () => {
        throw new Error('boom');
      },
      request(null),
      createIdSource(),
    );
    expect(plan).toEqual({
      kind: 'error',
      status: 500,
      message: 'Fake Anthropic reply function threw: boom',
    });
  });

  it('passes errors, hang and disconnect through', () => {
    const ids = createIdSource();
    expect(planReply({ error: { status: 529 } }, request(null), ids)).toEqual({
      kind: 'error',
      status: 529,
      type: undefined,
      message: undefined,
    });
    expect(planReply({ hang: true }, request({ model: 'm' }), ids)).toEqual({
      kind: 'hang',
      id: 'msg_fake_1',
      model: 'm',
    });
    expect(planReply({ disconnect: true }, request(null), ids).kind).toBe('disconnect');
  });
});
