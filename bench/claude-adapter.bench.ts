// ClaudeAdapter on the real Claude Code CLI (the Agent SDK's native binary) against the fake
// Anthropic server, all in one process, the cases interleaved so machine noise hits each alike:
// 1. one-reply runs through SessionManager + ClaudeAdapter (SQLite file, memory) against the same
//    query() calls made directly; 2. time to the first token of a session's second run, warm
//    (keepAlive) against cold; 3. cancel latency on a hanging reply; 4. translation of the recorded
//    streams against JSON.parse of the same lines.
//
// Run: npm run bench:claude [-- --quick | --runs N]
// (--runs N: runs a case in 1; sessions a case in 2 and cancelled runs in 3 are N/2, rounded up)
import { resolve } from 'node:path';
import { startFakeAnthropic } from '../src/testing/fake-anthropic/index.js';
import { inTempRoot, sizeArgs } from './lib/bench-main.js';
import { claudeBench, measureWarm } from './lib/claude-phases.js';
import { printClaudeReport } from './lib/claude-report.js';
import { measureTranslation, recordedStreams } from './lib/claude-translation.js';
import { measureCancel, measureOverhead } from './lib/provider-phases.js';

const args = sizeArgs();

const FIXTURES = resolve(import.meta.dirname, '../src/adapters/claude/fixtures');

async function main(root: string): Promise<void> {
  const { runs } = args;
  const fewer = Math.ceil(runs / 2);
  const translation = measureTranslation(
    recordedStreams(FIXTURES),
    args.quick ? 200 : 2_000,
    args.quick ? 3 : 7,
  );
  const fake = await startFakeAnthropic({
    defaultReply: { text: 'Here is a short answer, in four streamed pieces.', chunks: 4 },
  });
  try {
    const provider = claudeBench(fake);
    const overhead = await measureOverhead(provider, root, runs);
    const warm = await measureWarm({ fake, root }, fewer);
    const cancel = await measureCancel(provider, root, fewer);
    printClaudeReport({ overhead, warm, cancel, translation });
  } finally {
    await fake.close();
  }
}

await inTempRoot('asm-bench-claude-', main);
