import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { expectRunInvariants, testAdapter } from '../../../test/support/manager-kit.js';
import { SqliteSessionStore } from '../../stores/sqlite/sqlite-session-store.js';
import { SessionManager } from '../session-manager.js';

const WORKER = join(import.meta.dirname, 'fixtures', 'hanging-run-worker.mjs');
let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function startWorker(path: string) {
  const child = spawn(process.execPath, [WORKER, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const started = new Promise<{ runId: string; sessionId: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, started, exited };
}

it('a run whose process was SIGKILLed is found and failed by recover() in another process', async () => {
  dir = mkdtempSync(join(tmpdir(), 'asm-recovery-'));
  const path = join(dir, 'sessions.db');
  const worker = startWorker(path);
  const { runId, sessionId } = await worker.started;
  worker.child.kill('SIGKILL');
  await worker.exited;

  const store = new SqliteSessionStore({ path });
  const manager = new SessionManager({
    store,
    adapter: testAdapter(async () => ({
      output: { content: '', stopReason: null, toolCalls: [] },
      tokenUsage: {},
    })),
    telemetry: false,
  });
  expect((await store.getRun(runId)).status).toBe('running');
  await new Promise((r) => setTimeout(r, 250));
  const { recovered } = await manager.recover({ staleAfterMs: 200 });
  expect(recovered.map((r) => r.id)).toEqual([runId]);
  const { run, events } = await expectRunInvariants(store, runId);
  expect(run.status).toBe('failed');
  expect(run.error?.code).toBe('internal_error');
  expect(events.map((e) => e.type)).toEqual([
    'run_started',
    'message_sent',
    'message_streamed',
    'run_failed',
  ]);
  const all = await store.readEvents(sessionId);
  expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  await manager.close();
  await store.close();
}, 30_000);

it('recover({ isOwnerAlive }) ends a run whose owner is known gone at once, and spares one known alive', async () => {
  const { InMemorySessionStore } = await import('../../stores/memory/in-memory-session-store.js');
  const { Run } = await import('../../core/run.js');
  const { Session } = await import('../../core/session.js');
  const { SessionEvent } = await import('../../core/session-event.js');
  const store = new InMemorySessionStore();
  const session = await store.saveSession(Session.create({ agentId: 'a' }));
  await store.appendEvents(session.id, [
    SessionEvent.create({ type: 'session_created', sessionId: session.id, data: { agentId: 'a' } }),
  ]);
  const now = new Date().toISOString();
  const running = (owner: string) =>
    store.saveRun(
      Run.create({
        sessionId: session.id,
        input: owner,
        status: 'running',
        owner,
        heartbeatAt: now,
        startedAt: now,
      }),
    );
  const gone = await running('gone-owner');
  const fresh = await running('unknown-owner');
  const stale = await store.saveRun(
    Run.create({
      sessionId: session.id,
      input: 'old',
      status: 'running',
      owner: 'alive-owner',
      heartbeatAt: '2020-01-01T00:00:00.000Z',
      startedAt: '2020-01-01T00:00:00.000Z',
    }),
  );
  const manager = new SessionManager({
    store,
    adapter: testAdapter(async () => ({
      output: { content: '', stopReason: null, toolCalls: [] },
      tokenUsage: {},
    })),
    telemetry: false,
  });
  const { recovered } = await manager.recover({
    staleAfterMs: 60_000,
    isOwnerAlive: (owner) =>
      owner === 'gone-owner' ? false : owner === 'alive-owner' ? true : undefined,
  });
  expect(recovered.map((r) => r.id)).toEqual([gone.id]);
  expect((await store.getRun(gone.id)).error?.message).toMatch(/owner gone-owner is gone/);
  expect((await store.getRun(fresh.id)).status).toBe('running');
  expect((await store.getRun(stale.id)).status).toBe('running');
  // Without the option, heartbeat staleness alone decides, as before.
  const again = await manager.recover({ staleAfterMs: 60_000 });
  expect(again.recovered.map((r) => r.id)).toEqual([stale.id]);
  await manager.close();
});
