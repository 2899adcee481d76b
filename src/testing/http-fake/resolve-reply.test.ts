import { describe, expect, it } from 'vitest';
import type { FakeHttpRequest } from './fake-http-request.js';
import { createIdSource } from './id-source.js';
import { requestModel } from './request-model.js';
import { resolveReply } from './resolve-reply.js';

const request = (body: unknown): FakeHttpRequest => ({
  method: 'POST',
  path: '/v1/x',
  query: '',
  headers: {},
  body,
  at: '2026-01-01T00:00:00.000Z',
});

type Reply = { readonly text: string } | ((r: FakeHttpRequest) => Reply);

describe('resolveReply', () => {
  it('calls nested reply functions with the request until a plain reply remains', () => {
    const reply: Reply = (r) => () => ({ text: String((r.body as { n: number }).n) });
    expect(resolveReply(reply, request({ n: 7 }), 'X')).toEqual({ text: '7' });
    expect(resolveReply({ text: 'plain' } as Reply, request(null), 'X')).toEqual({ text: 'plain' });
  });

  it('names a throwing function and too deep a nesting, with the server name', () => {
    const throws: Reply = () => {
      throw new Error('boom');
    };
    expect(resolveReply(throws, request(null), 'Anthropic')).toBe(
      'Fake Anthropic reply function threw: boom',
    );
    const forever: Reply = () => forever;
    expect(resolveReply(forever, request(null), 'Responses')).toBe(
      'Fake Responses reply functions nest too deep',
    );
  });
});

describe('requestModel', () => {
  it('takes the model the body names, else the fallback', () => {
    expect(requestModel(request({ model: 'm1' }), 'f')).toBe('m1');
    expect(requestModel(request({ model: '' }), 'f')).toBe('f');
    expect(requestModel(request(null), 'f')).toBe('f');
  });
});

describe('createIdSource', () => {
  it('counts each prefix on its own', () => {
    const ids = createIdSource<'a' | 'b'>();
    expect([ids.next('a'), ids.next('b'), ids.next('a')]).toEqual([
      'a_fake_1',
      'b_fake_1',
      'a_fake_2',
    ]);
  });
});
