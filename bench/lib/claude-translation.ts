import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { ClaudeTurnTranslator } from '../../src/adapters/claude/claude-translator.js';
import { median } from './measure.js';

/** The recorded message streams of `dir`: each file's lines, without the recorder's `__thrown__`. */
export function recordedStreams(dir: string): string[][] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('{"type":"__thrown__"')),
    );
}

/** The cases of the translation phase. */
export type TranslationCase = 'parse' | 'translate' | 'parseAndTranslate';

/** Figures of the translation phase: the median ms of one pass over every stream, per case. */
export interface TranslationFigures {
  readonly streams: number;
  /** Messages in one pass (every line of every stream). */
  readonly messages: number;
  /** Canonical events the translator makes in one pass. */
  readonly events: number;
  readonly passes: number;
  readonly rounds: number;
  readonly msPerPass: Record<TranslationCase, number>;
}

function parseAll(streams: readonly string[][]): number {
  let n = 0;
  for (const lines of streams) for (const line of lines) n += JSON.parse(line) === null ? 0 : 1;
  return n;
}

function translateAll(streams: readonly SDKMessage[][]): number {
  let events = 0;
  for (const messages of streams) {
    const translator = new ClaudeTurnTranslator();
    for (const message of messages) events += translator.translate(message).length;
    events += translator.flush().length;
  }
  return events;
}

function parseAndTranslateAll(streams: readonly string[][]): number {
  let events = 0;
  for (const lines of streams) {
    const translator = new ClaudeTurnTranslator();
    for (const line of lines) events += translator.translate(JSON.parse(line)).length;
    events += translator.flush().length;
  }
  return events;
}

/**
 * Translate every recorded stream with a new `ClaudeTurnTranslator` per stream, `passes` times a
 * round, against `JSON.parse` of the same lines (and both together), the cases interleaved over
 * `rounds` rounds after one untimed round. The translator gets messages parsed ahead of timing.
 */
export function measureTranslation(
  streams: readonly string[][],
  passes: number,
  rounds: number,
): TranslationFigures {
  const parsed = streams.map((lines) => lines.map((line) => JSON.parse(line) as SDKMessage));
  const cases: Record<TranslationCase, () => number> = {
    parse: () => parseAll(streams),
    translate: () => translateAll(parsed),
    parseAndTranslate: () => parseAndTranslateAll(streams),
  };
  const order: TranslationCase[] = ['parse', 'translate', 'parseAndTranslate'];
  const samples: Record<TranslationCase, number[]> = {
    parse: [],
    translate: [],
    parseAndTranslate: [],
  };
  let sink = 0;
  for (let round = -1; round < rounds; round++) {
    const k = Math.max(0, round) % order.length;
    for (const which of [...order.slice(k), ...order.slice(0, k)]) {
      const run = cases[which];
      const start = performance.now();
      for (let i = 0; i < passes; i++) sink += run();
      const ms = (performance.now() - start) / passes;
      if (round >= 0) samples[which].push(ms);
    }
  }
  if (sink < 0) throw new Error('unreachable');
  return {
    streams: streams.length,
    messages: streams.reduce((sum, lines) => sum + lines.length, 0),
    events: translateAll(parsed),
    passes,
    rounds,
    msPerPass: {
      parse: median(samples.parse),
      translate: median(samples.translate),
      parseAndTranslate: median(samples.parseAndTranslate),
    },
  };
}
