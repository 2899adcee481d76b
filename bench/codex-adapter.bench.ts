// CodexAdapter on the real Codex CLI (through @openai/codex-sdk) against the fake OpenAI Responses
// API, all in one process, the cases interleaved so machine noise hits each alike:
// 1. one-reply runs through SessionManager + CodexAdapter (SQLite file, memory) against the same
//    SDK calls made directly (startThread, then resumeThread); 2. cancel latency on a hanging
//    reply, until run_cancelled is stored and until no CLI process is left; 3. translation of the
//    recorded streams against JSON.parse of the same lines.
//
// Run: npm run bench:codex [-- --quick | --runs N]
// (--runs N: runs a case in 1; cancelled runs in 2 are N/2, rounded up)
import { resolve } from 'node:path';
import type { ThreadEvent } from '@openai/codex-sdk';
import { CodexTurnTranslator } from '../src/adapters/codex/codex-translator.js';
import { startFakeResponses } from '../src/testing/fake-responses/index.js';
import { inTempRoot, sizeArgs } from './lib/bench-main.js';
import { codexBench } from './lib/codex-phases.js';
import { printCodexReport } from './lib/codex-report.js';
import { measureCancel, measureOverhead } from './lib/provider-phases.js';
import { measureTranslation, recordedStreams } from './lib/translation.js';

const args = sizeArgs();

const FIXTURES = resolve(import.meta.dirname, '../src/adapters/codex/fixtures');

async function main(root: string): Promise<void> {
  const { runs } = args;
  const translation = measureTranslation<ThreadEvent>(
    recordedStreams(FIXTURES),
    () => new CodexTurnTranslator(),
    args.quick ? 200 : 5_000,
    args.quick ? 3 : 7,
  );
  const fake = await startFakeResponses({
    defaultReply: { text: 'Here is a short answer, in four streamed pieces.', chunks: 4 },
  });
  try {
    const provider = codexBench(fake);
    const overhead = await measureOverhead(provider, root, runs);
    const cancel = await measureCancel(provider, root, Math.ceil(runs / 2));
    printCodexReport({ overhead, cancel, translation });
  } finally {
    await fake.close();
  }
}

await inTempRoot('asm-bench-codex-', main);
