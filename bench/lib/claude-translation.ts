import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { ClaudeTurnTranslator } from '../../src/adapters/claude/claude-translator.js';
import { measureTranslation as measure, type TranslationFigures } from './translation.js';

export { recordedStreams, type TranslationCase, type TranslationFigures } from './translation.js';

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
  return measure<SDKMessage>(streams, () => new ClaudeTurnTranslator(), passes, rounds);
}
