// Streaming: iterate over a run's events with `for await` while it executes, printing text deltas
// as they arrive and tool calls as they happen, then read the run's result.
//
//   npx tsx examples/streaming.ts "Tell me about streams"
import { MockAdapter, SessionManager } from '../src/index.js';

const prompt = process.argv[2] ?? 'Explain event streams in one sentence.';

const manager = new SessionManager({
  adapter: new MockAdapter({
    reply: 'Streams deliver each piece of the answer as soon as it exists.',
    chunkSize: 5,
    latencyMs: 5,
    toolCalls: [{ toolName: 'search', toolInput: { query: prompt }, toolOutput: { hits: 3 } }],
  }),
});
const session = await manager.startSession({ agentId: 'streaming-example' });
const run = await manager.startRun(session.id, prompt);

// streamRun starts the execution and yields the run's events as they are stored, from
// run_started to its terminal event (run_completed, run_failed, run_cancelled or run_timeout).
const stream = await manager.streamRun(run.id);
let deltas = 0;
for await (const event of stream) {
  switch (event.type) {
    case 'message_streamed':
      deltas++;
      process.stdout.write(String(event.data.delta));
      break;
    case 'message_received':
      process.stdout.write('\n'); // the full text is in event.data.content
      break;
    case 'tool_call_started':
      console.error(`[tool ${event.data.toolName} started]`);
      break;
    case 'tool_call_completed':
      console.error(`[tool ${event.data.toolName} done: ${JSON.stringify(event.data.toolOutput)}]`);
      break;
    default:
      console.error(`[${event.seq} ${event.type}]`);
  }
}

// The result promise settles when the run has ended.
const result = await stream.result;
console.log(
  `status: ${result.status}, deltas: ${deltas}, tokens: ${result.tokenUsage.totalTokens}`,
);

await manager.completeSession(session.id);
await manager.close();
