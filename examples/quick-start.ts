// Quick start: a session, one run, its result, then the session is completed.
// Everything lives in memory and the provider is the scripted MockAdapter: no network, no key.
//
//   npx tsx examples/quick-start.ts
import { MockAdapter, SessionManager } from '../src/index.js';

// Without a `store` option the manager keeps everything in an InMemorySessionStore.
const manager = new SessionManager({
  adapter: new MockAdapter({ reply: 'Hello! I am a mock agent.' }),
});

// 1. A session: one conversation with an agent. It starts `pending` (event seq 1: session_created).
const session = await manager.startSession({
  agentId: 'quick-start',
  context: { systemPrompt: 'You are a friendly assistant.' },
});
console.log(`session ${session.id} (${session.status})`);

// 2. A run: one input to the agent. It is `pending` until executed.
const run = await manager.startRun(session.id, 'Say hello');

// 3. Execute it. The result carries the stored run, its events, output and usage.
const result = await manager.executeRun(run.id);
console.log(`run ${run.id}: ${result.status}`);
console.log(`answer: ${result.output?.content}`);
console.log(`tokens: ${result.tokenUsage.totalTokens}`);

// 4. Done with the conversation: complete the session (stores session_completed).
const completed = await manager.completeSession(session.id);
console.log(`session ${completed.status}`);

// The whole history is in the event log, in seq order.
const events = await manager.getEvents(session.id);
console.log(`events: ${events.map((e) => e.type).join(', ')}`);

await manager.close();
