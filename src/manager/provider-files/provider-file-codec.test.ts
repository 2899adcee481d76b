import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import {
  CorruptProviderFile,
  decodeProviderFile,
  encodeProviderFile,
} from './provider-file-codec.js';

const text = (s: string) => new TextEncoder().encode(s);
const lines = text(
  Array.from({ length: 2000 }, (_, i) =>
    JSON.stringify({ type: 'assistant', i, text: `line ${i}` }),
  ).join('\n'),
);

async function corrupt(stored: Uint8Array): Promise<unknown> {
  return decodeProviderFile(stored).then(
    () => 'decoded',
    (error: unknown) => error,
  );
}

describe('provider file codec', () => {
  it('round-trips bytes, empty files included, and stores JSON lines smaller', async () => {
    for (const data of [lines, new Uint8Array(0), Uint8Array.of(0, 255, 7)]) {
      const stored = await encodeProviderFile(data);
      expect(Buffer.from(await decodeProviderFile(stored)).equals(Buffer.from(data))).toBe(true);
    }
    const stored = await encodeProviderFile(lines);
    expect(stored.byteLength).toBeLessThan(lines.byteLength / 4);
  });

  it('refuses a copy that is foreign, truncated, damaged or of another length as CorruptProviderFile', async () => {
    const stored = await encodeProviderFile(lines);
    const wrongLength = Uint8Array.from(stored);
    new DataView(wrongLength.buffer).setUint32(4, lines.byteLength - 1);
    const wrongSum = Uint8Array.from(stored);
    wrongSum[8] = (wrongSum[8] as number) ^ 1;
    const cases = [
      lines,
      new Uint8Array(0),
      stored.subarray(0, 11),
      stored.subarray(0, stored.byteLength - 10),
      Uint8Array.from(stored, (b, i) => (i === 30 ? b ^ 0x10 : b)),
      wrongLength,
      wrongSum,
    ];
    for (const copy of cases) expect(await corrupt(copy)).toBeInstanceOf(CorruptProviderFile);
  });

  it('crc32 agrees with the IEEE CRC-32', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // zlib.crc32 exists from Node 20.15 on.
    const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
    if (typeof native === 'function') expect(crc32(lines)).toBe(native(lines));
  });
});
