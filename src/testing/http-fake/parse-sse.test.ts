import { describe, expect, it } from 'vitest';
import { parseSse } from './parse-sse.js';

describe('parseSse', () => {
  it('reads each frame into its event name and JSON data, skipping empty frames', () => {
    const text = 'event: a\ndata: {"n":1}\n\n\n\nevent: b\ndata: [2]\n\nevent: c\n\n';
    expect(parseSse(text)).toEqual([
      { event: 'a', data: { n: 1 } },
      { event: 'b', data: [2] },
      { event: 'c', data: null },
    ]);
  });
});
