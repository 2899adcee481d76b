import { afterEach, describe, expect, it } from 'vitest';
import { type HttpFake, startHttpFake } from './start-http-fake.js';

let fake: HttpFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const start = () =>
  startHttpFake({
    requestIdHeader: 'x-id',
    errorBody: (status, requestId, message) => ({ status, requestId, message }),
    routes: {
      'POST /echo': (res, request) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(request.body));
      },
      'POST /throw': () => {
        throw new Error('route failed');
      },
      'GET /hang': (res) => {
        res.writeHead(200);
        res.flushHeaders();
      },
    },
  });

describe('startHttpFake', () => {
  it('answers a route with the parsed body and logs the request without credentials', async () => {
    fake = await start();
    const response = await fetch(`${fake.url}/echo?a=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret' },
      body: JSON.stringify({ hi: true }),
    });
    expect(await response.json()).toEqual({ hi: true });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/echo',
      query: 'a=1',
      body: { hi: true },
    });
    expect(fake.requests[0]?.headers.authorization).toBe('[redacted]');
  });

  it('answers an unknown route with a 404 error body carrying the counted request id', async () => {
    fake = await start();
    await fetch(`${fake.url}/echo`, { method: 'POST', body: '{}' });
    const response = await fetch(`${fake.url}/nothing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-id')).toBe('req_fake_2');
    expect(await response.json()).toEqual({
      status: 404,
      requestId: 'req_fake_2',
      message: 'Not found: GET /nothing',
    });
  });

  it('turns a throwing route into a 500 naming the problem', async () => {
    fake = await start();
    const response = await fetch(`${fake.url}/throw`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-id')).toBe('req_fake');
    expect(await response.json()).toMatchObject({ status: 500, message: 'route failed' });
  });

  it('closes while a response hangs, and a second close gives the same promise', async () => {
    fake = await start();
    const response = await fetch(`${fake.url}/hang`);
    expect(response.status).toBe(200);
    const reading = response.text().catch((error: unknown) => error);
    const first = fake.close();
    expect(fake.close()).toBe(first);
    await first;
    expect(await reading).toBeInstanceOf(Error);
  });
});
