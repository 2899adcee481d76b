import { describe, expect, it } from 'vitest';
import { httpErrorText } from './error-text.js';

describe('httpErrorText', () => {
  const url = 'http://127.0.0.1:1/v1/responses';
  it('words each status as the real CLI does', () => {
    expect(httpErrorText(401, 'bad key', url)).toBe(
      `unexpected status 401 Unauthorized: bad key, url: ${url}`,
    );
    expect(httpErrorText(503, undefined, url)).toBe(
      `unexpected status 503 Service Unavailable: fake error 503, url: ${url}`,
    );
    expect(httpErrorText(429, 'ignored', url)).toBe(
      'exceeded retry limit, last status: 429 Too Many Requests',
    );
    expect(httpErrorText(429, undefined, url, 'req_1')).toBe(
      'exceeded retry limit, last status: 429 Too Many Requests, request id: req_1',
    );
    expect(httpErrorText(403, 'no', url, 'req_2')).toBe(
      `unexpected status 403 Forbidden: no, url: ${url}, request id: req_2`,
    );
    expect(httpErrorText(500, undefined, url, 'req_3')).not.toContain('req_3');
    expect(httpErrorText(500, 'ignored', url)).toMatch(/^We’re currently experiencing high demand/);
    expect(JSON.parse(httpErrorText(400, 'bad input', url))).toMatchObject({
      error: { message: 'bad input' },
    });
  });
});
