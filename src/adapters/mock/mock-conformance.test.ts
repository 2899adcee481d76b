import { runAdapterConformance } from '../../testing/adapter-conformance/index.js';
import { MockAdapter } from './mock-adapter.js';

const longReply = 'The mock streams this sentence slowly so an abort lands mid-stream. '.repeat(4);

runAdapterConformance({
  name: 'MockAdapter',
  createAdapter: () =>
    new MockAdapter({
      latencyMs: 5,
      reply: longReply,
      toolCalls: [{ toolName: 'read_file', toolInput: { path: 'a.ts' }, toolOutput: 'ok' }],
    }),
  failingAdapter: (code) => new MockAdapter({ failWith: { code, afterChunks: 2 } }),
  abortWithinMs: 500,
});

runAdapterConformance({
  name: 'MockAdapter (no latency)',
  createAdapter: () => new MockAdapter(),
});
