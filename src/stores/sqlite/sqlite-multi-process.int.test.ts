import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../core/session.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const WORKER = join(import.meta.dirname, 'fixtures', 'store-worker.mjs');
const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-mp-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface WorkerReport {
  ready?: boolean;
  done?: boolean;
  sessionId?: string;
  ids?: string[];
  errors?: { code: string | null; message: string }[];
  fatal?: { code: string | null; message: string };
  stats?: { transactions: number; busyRetries: number };
}

/** A worker process and its JSON lines. */
function startWorker(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WORKER, ...args]);
  const reports: WorkerReport[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  lines.on('line', (line) => {
    const report = JSON.parse(line) as WorkerReport;
    reports.push(report);
    if (report.ready) onReady();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    ready,
    go: () => child.stdin.write('go\n'),
    async result(): Promise<WorkerReport> {
      const code = await exited;
      const done = reports.find((r) => r.done);
      expect(done, `worker exited ${code} without a report; stderr: ${stderr}`).toBeDefined();
      return done as WorkerReport;
    },
  };
}

async function runTogether(argsList: string[][]): Promise<WorkerReport[]> {
  const workers = argsList.map(startWorker);
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.result()));
}

function expectNoErrors(reports: readonly WorkerReport[]): void {
  for (const report of reports) {
    expect(report.fatal).toBeUndefined();
    expect(report.errors).toEqual([]);
  }
}

describe('SqliteSessionStore shared by several processes', () => {
  it('three processes appending to one session store every event once, seq contiguous', async () => {
    const path = join(dir, 'shared.db');
    const setup = new SqliteSessionStore({ path });
    const session = await setup.saveSession(Session.create({ agentId: 'shared' }));
    await setup.close();

    const reports = await runTogether(
      Array.from({ length: 3 }, () => ['append', path, session.id, '300']),
    );
    expectNoErrors(reports);
    const acknowledged = reports.flatMap((r) => r.ids ?? []);

    const store = new SqliteSessionStore({ path });
    const events = await store.readEvents(session.id);
    await store.close();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map((e) => e.id).sort()).toEqual([...acknowledged].sort());
    // 300 calls of 1–3 events each, per process.
    expect(events.length).toBeGreaterThanOrEqual(900);
    expect(events.length).toBeLessThanOrEqual(2700);
    // The writers really ran at the same time: the log switches writer more than twice.
    const writers = events.map((e) => e.metadata.pid);
    const switches = writers.filter((pid, i) => i > 0 && pid !== writers[i - 1]).length;
    expect(switches).toBeGreaterThan(2);
  });

  it('processes opening a new file at once migrate it once and all write', async () => {
    const path = join(dir, 'fresh.db');
    const reports = await runTogether(Array.from({ length: 4 }, () => ['fresh', path, '25']));
    expectNoErrors(reports);

    const store = new SqliteSessionStore({ path });
    const sessions = await store.listSessions();
    expect(sessions.items.map((s) => s.id).sort()).toEqual(
      reports.map((r) => r.sessionId as string).sort(),
    );
    for (const report of reports) {
      const events = await store.readEvents(report.sessionId as string);
      expect(events.map((e) => e.id)).toEqual(report.ids);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    }
    await store.close();
  });
});
