// Several processes on one store: N child processes share one SQLite file, each with its own
// SessionManager, each running its own session; the parent follows their events live with
// `subscribe` and then checks the log.
//
//   npx tsx examples/multi-process.ts [processes=3] [db=<temp file>]
//
// SQLite serves several processes on one machine. The many-machines variant of this example uses
// PostgreSQL; it lands together with the PostgreSQL store (`agent-session-manager/postgres`).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAdapter, SessionManager } from '../src/index.js';
import { SqliteSessionStore } from '../src/sqlite.js';

const RUNS_PER_CHILD = 3;
const [mode, ...rest] = process.argv.slice(2);

if (mode === '--child') {
  // A child: its own manager on the shared file; one session, a few runs, then complete.
  const [dbPath = '', sessionId = '', worker = '?'] = rest;
  const store = new SqliteSessionStore({ path: dbPath });
  const manager = new SessionManager({ store, adapter: new MockAdapter({ latencyMs: 2 }) });
  for (let i = 1; i <= RUNS_PER_CHILD; i++) {
    const run = await manager.startRun(sessionId, `worker ${worker}, task ${i}`);
    const result = await manager.executeRun(run.id);
    if (result.status !== 'completed') process.exitCode = 1;
  }
  await manager.completeSession(sessionId);
  await manager.close();
  await store.close();
} else {
  const processes = Number(mode ?? 3);
  const dbPath = rest[0] ?? join(mkdtempSync(join(tmpdir(), 'asm-multi-')), 'shared.db');
  const store = new SqliteSessionStore({ path: dbPath });
  const manager = new SessionManager({ store, adapter: new MockAdapter() });

  // The parent creates the sessions and subscribes to each before the children start.
  const sessions = [];
  for (let i = 1; i <= processes; i++) {
    sessions.push(await manager.startSession({ agentId: `worker-${i}` }));
  }
  const follow = sessions.map(async (session) => {
    let completed = 0;
    // pollIntervalMs: how often the store is re-read to see other processes' writes.
    for await (const event of manager.subscribe(session.id, { pollIntervalMs: 50 })) {
      if (event.type === 'run_completed') completed++;
      if (event.type === 'session_completed') break;
    }
    return completed;
  });

  // Start the children with the same Node flags this process runs with (tsx's loader).
  const self = fileURLToPath(import.meta.url);
  const children = sessions.map(
    (session, i) =>
      new Promise<number>((resolve) => {
        const child = spawn(
          process.execPath,
          [...process.execArgv, self, '--child', dbPath, session.id, String(i + 1)],
          { stdio: 'inherit' },
        );
        child.on('exit', (code) => resolve(code ?? 1));
      }),
  );
  const codes = await Promise.all(children);
  // The followers' pending next() calls keep the process alive until they have seen every run.
  const completedRuns = await Promise.all(follow);

  // Every session's log is gap-free and complete, though several processes wrote to the file.
  for (const [i, session] of sessions.entries()) {
    const events = await manager.getEvents(session.id);
    const gapFree = events.every((event, index) => event.seq === index + 1);
    const final = await manager.getSession(session.id);
    console.log(
      `worker ${i + 1}: exit ${codes[i]}, ${completedRuns[i]} runs seen live, ` +
        `${events.length} events, seq gap-free: ${gapFree}, session ${final.status}`,
    );
    if (codes[i] !== 0 || !gapFree || completedRuns[i] !== RUNS_PER_CHILD) process.exitCode = 1;
  }
  await manager.close();
  await store.close();
}
