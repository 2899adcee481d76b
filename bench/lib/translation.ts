import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, median, printTable } from './measure.js';

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

/** What the translation phase needs of a provider's translator: one made per stream. */
export interface StreamTranslator<M> {
  translate(message: M): readonly unknown[];
  /** The events held back until the stream ends, for translators that hold some. */
  flush?(): readonly unknown[];
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

function translateAll<M>(streams: readonly M[][], create: () => StreamTranslator<M>): number {
  let events = 0;
  for (const messages of streams) {
    const translator = create();
    for (const message of messages) events += translator.translate(message).length;
    events += translator.flush?.().length ?? 0;
  }
  return events;
}

function parseAndTranslateAll<M>(
  streams: readonly string[][],
  create: () => StreamTranslator<M>,
): number {
  let events = 0;
  for (const lines of streams) {
    const translator = create();
    for (const line of lines) events += translator.translate(JSON.parse(line) as M).length;
    events += translator.flush?.().length ?? 0;
  }
  return events;
}

/**
 * Translate every recorded stream with a new translator per stream (from `create`), `passes`
 * times a round, against `JSON.parse` of the same lines (and both together), the cases
 * interleaved over `rounds` rounds after one untimed round. The translator gets messages parsed
 * ahead of timing.
 */
export function measureTranslation<M>(
  streams: readonly string[][],
  create: () => StreamTranslator<M>,
  passes: number,
  rounds: number,
): TranslationFigures {
  if (streams.length === 0) throw new Error('no recorded streams to translate');
  const parsed = streams.map((lines) => lines.map((line) => JSON.parse(line) as M));
  const cases: Record<TranslationCase, () => number> = {
    parse: () => parseAll(streams),
    translate: () => translateAll(parsed, create),
    parseAndTranslate: () => parseAndTranslateAll(streams, create),
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
    events: translateAll(parsed, create),
    passes,
    rounds,
    msPerPass: {
      parse: median(samples.parse),
      translate: median(samples.translate),
      parseAndTranslate: median(samples.parseAndTranslate),
    },
  };
}

/** The case names of the translation table, as printed, for a translator named `translator`. */
export function translationRows(translator: string): Record<TranslationCase, string> {
  return {
    parse: 'JSON.parse of the lines',
    translate: `${translator} (messages parsed before)`,
    parseAndTranslate: `JSON.parse + ${translator}`,
  };
}

/** Print the translation figures as a Markdown table, rows named after `translator`. */
export function printTranslationTable(t: TranslationFigures, translator: string): void {
  const rows = translationRows(translator);
  const perSecond = (count: number, msPerPass: number) => fmt((count * 1000) / msPerPass);
  printTable(
    `Translation of the recorded streams (${t.streams} streams, ${t.messages} messages, ${t.events} events a pass; ${fmt(t.passes)} passes a round, median of ${t.rounds} interleaved rounds)`,
    ['case', 'µs/pass', 'messages/s', 'events/s', 'time ÷ JSON.parse'],
    (['parse', 'translate', 'parseAndTranslate'] as const).map((which) => {
      const x = t.msPerPass[which];
      return [
        rows[which],
        fmt(x * 1000, 1),
        perSecond(t.messages, x),
        which === 'parse' ? 'n/a' : perSecond(t.events, x),
        fmt(x / t.msPerPass.parse, 2),
      ];
    }),
  );
}
