// A live session against a chosen provider, streaming each answer as it arrives.
//
//   npx tsx examples/live-session.ts --provider mock "Hi" "What did I just say?"
//   npx tsx examples/live-session.ts --provider claude --mock   # falls back to the mock provider
//
// The Claude and Codex adapters land in a later version of the package. Until then, choosing them
// prints a provider_unavailable error and exits 1; `--mock` runs the same session on MockAdapter.
import { parseArgs } from 'node:util';
import { AgentSessionError, MockAdapter, SessionManager } from '../src/index.js';

const { values, positionals } = parseArgs({
  options: {
    provider: { type: 'string', default: 'mock' },
    mock: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const provider = values.provider ?? 'mock';
const prompts = positionals.length > 0 ? positionals : ['Hello!', 'What did I say first?'];

// Only the mock exists in this version; with the Claude and Codex adapters this returns theirs.
function createAdapter(name: string, useMock: boolean): MockAdapter {
  if (name === 'mock' || ((name === 'claude' || name === 'codex') && useMock)) {
    // A little latency so the streaming is visible; the reply shows it remembers the conversation.
    return new MockAdapter({
      latencyMs: 10,
      chunkSize: 6,
      reply: ({ prompt, transcript, turn }) =>
        turn === 1
          ? `You said "${prompt}". This is turn 1.`
          : `Turn ${turn}: you first said "${transcript[0]?.content}", now "${prompt}".`,
    });
  }
  if (name === 'claude' || name === 'codex') {
    throw new AgentSessionError(
      'provider_unavailable',
      `the ${name} adapter is not available in this version of agent-session-manager; ` +
        'run with --mock (or --provider mock) to use the mock provider',
      { details: { provider: name } },
    );
  }
  throw new AgentSessionError(
    'validation_error',
    `--provider must be mock, claude or codex, got '${name}'`,
  );
}

let adapter: MockAdapter;
try {
  adapter = createAdapter(provider, values.mock ?? false);
} catch (error) {
  if (!AgentSessionError.isInstance(error)) throw error;
  console.error(`error [${error.code}]: ${error.message}`);
  process.exit(1);
}
if (provider !== 'mock') console.error(`(${provider} not available: using the mock provider)`);

const manager = new SessionManager({ adapter });
const session = await manager.startSession({ agentId: 'live-session' });
console.error(`session ${session.id} on provider ${adapter.name}`);

let failed = false;
for (const prompt of prompts) {
  console.log(`> ${prompt}`);
  const run = await manager.startRun(session.id, prompt);
  // onEvent is called with each stored event, in order, while the run executes.
  const result = await manager.executeRun(run.id, {
    onEvent: (event) => {
      if (event.type === 'message_streamed') process.stdout.write(String(event.data.delta));
    },
  });
  process.stdout.write('\n');
  if (result.status !== 'completed') {
    console.error(`run ${result.status}: ${result.error?.code} ${result.error?.message}`);
    failed = true;
    break;
  }
  console.error(`[${result.tokenUsage.totalTokens} tokens]`);
}

if (failed) await manager.failSession(session.id);
else await manager.completeSession(session.id);
await manager.close();
process.exitCode = failed ? 1 : 0;
