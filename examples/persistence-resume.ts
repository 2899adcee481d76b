// Persistence and resume across process restarts, on a SQLite file.
//
//   npx tsx examples/persistence-resume.ts ./demo.db
//     → starts a session, runs the first turn, prints the session id
//   npx tsx examples/persistence-resume.ts ./demo.db <session-id>
//     → a new process continues that session: the answer knows the first turn
//
// The second process has a fresh MockAdapter with no memory of its own: what it knows of the
// conversation comes from the store (the transcript of the session's completed runs).
import { MockAdapter, SessionManager } from '../src/index.js';
import { SqliteSessionStore } from '../src/sqlite.js';

const [dbPath = '.asm/example.db', sessionId] = process.argv.slice(2);

const store = new SqliteSessionStore({ path: dbPath });
const manager = new SessionManager({
  store,
  adapter: new MockAdapter({
    reply: ({ prompt, transcript, turn }) =>
      turn === 1
        ? `Nice to meet you. I will remember "${prompt}".`
        : `Turn ${turn}. Earlier you told me: "${transcript[0]?.content}".`,
  }),
});

try {
  const session =
    sessionId === undefined
      ? await manager.startSession({ agentId: 'persistence-example' })
      : await manager.getSession(sessionId); // session_not_found if the id is unknown
  const prompt = sessionId === undefined ? 'My name is Ada.' : 'What is my name?';

  const run = await manager.startRun(session.id, prompt);
  const result = await manager.executeRun(run.id);
  console.log(`session: ${session.id}`);
  console.log(`answer: ${result.output?.content}`);

  const runs = await manager.listRuns(session.id);
  console.log(`runs in this session: ${runs.items.length}`);
  if (sessionId === undefined) {
    console.log(`continue with: npx tsx examples/persistence-resume.ts ${dbPath} ${session.id}`);
  }
} finally {
  await manager.close();
  await store.close(); // the manager closes only a store it created itself
}
