// A live session against a chosen provider, streaming each answer as it arrives.
//
//   npx tsx examples/live-session.ts --provider mock "Hi" "What did I just say?"
//   npx tsx examples/live-session.ts --provider claude "Hi" "What did I just say?"  # ANTHROPIC_API_KEY
//   npx tsx examples/live-session.ts --provider codex --model gpt-5.5 "Hi"          # OPENAI_API_KEY
//
// Claude Code and Codex run in the current directory with the shell's environment, and need their
// SDKs (@anthropic-ai/claude-agent-sdk, @openai/codex-sdk); without one the example prints the
// provider_unavailable error naming it and exits 1.
import { parseArgs } from 'node:util';
import {
  AgentSessionError,
  MockAdapter,
  type ProviderAdapter,
  SessionManager,
} from '../src/index.js';

const { values, positionals } = parseArgs({
  options: {
    provider: { type: 'string', default: 'mock' },
    model: { type: 'string' },
  },
  allowPositionals: true,
});
const provider = values.provider ?? 'mock';
const prompts = positionals.length > 0 ? positionals : ['Hello!', 'What did I say first?'];
const model = values.model === undefined ? {} : { model: values.model };

async function createAdapter(name: string): Promise<ProviderAdapter> {
  if (name === 'mock') {
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
  if (name === 'claude') {
    const { ClaudeAdapter } = await import('../src/claude.js');
    return new ClaudeAdapter({ cwd: process.cwd(), ...model });
  }
  if (name === 'codex') {
    const { CodexAdapter } = await import('../src/codex.js');
    const apiKey = process.env.CODEX_API_KEY || process.env.OPENAI_API_KEY;
    return new CodexAdapter({
      workingDirectory: process.cwd(),
      ...model,
      ...(apiKey ? { apiKey } : {}),
    });
  }
  throw new AgentSessionError(
    'validation_error',
    `--provider must be mock, claude or codex, got '${name}'`,
  );
}

let adapter: ProviderAdapter;
try {
  adapter = await createAdapter(provider);
} catch (error) {
  if (!AgentSessionError.isInstance(error)) throw error;
  console.error(`error [${error.code}]: ${error.message}`);
  process.exit(1);
}

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
