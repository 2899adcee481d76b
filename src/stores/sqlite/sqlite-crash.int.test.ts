import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const WORKER = join(import.meta.dirname, 'fixtures', 'store-worker.mjs');
const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-crash-'));
const KILLS = 24;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A batch the worker printed after `appendEvents` resolved. */
interface Ack {
  batch: string;
  first: number;
  last: number;
  ids: string[];
}

/** Start a worker appending in a loop, kill it with SIGKILL `runMs` after it is ready. */
async function runAndKill(path: string, sessionId: string, runMs: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [WORKER, 'crash', path, sessionId]);
  const acks: Ack[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, signal) => resolve(signal)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.on('close', () => reject(new Error(`worker ended before it was ready: ${stderr}`)));
    // Only complete lines count: a line cut by the kill was never acknowledged.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Ack & { ready?: boolean };
      if (message.ready) resolve();
      else acks.push(message);
    });
  });
  await ready;
  await new Promise((resolve) => setTimeout(resolve, runMs));
  child.kill('SIGKILL');
  expect(await exited, stderr).toBe('SIGKILL');
  return acks;
}

// Problems found in the log; plain loops (not one `expect` per event) keep 24 checks fast.
function problems(events: readonly SessionEvent[], acked: readonly Ack[]): string[] {
  const out: string[] = [];
  events.forEach((e, i) => {
    if (e.seq !== i + 1) out.push(`event ${i} has seq ${e.seq}`);
  });
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  for (const ack of acked) {
    if (ack.last - ack.first + 1 !== ack.ids.length) out.push(`ack ${ack.batch} is malformed`);
    ack.ids.forEach((id, i) => {
      if (bySeq.get(ack.first + i)?.id !== id)
        out.push(`acknowledged ${id} is not at ${ack.first + i}`);
    });
  }
  // Every batch present is whole: `size` events with index 0 … size-1 in consecutive seqs.
  const batches = new Map<string, SessionEvent[]>();
  for (const e of events) {
    const batch = String(e.metadata.batch);
    const list = batches.get(batch) ?? [];
    list.push(e);
    batches.set(batch, list);
  }
  for (const [batch, stored] of batches) {
    const first = stored[0] as SessionEvent;
    if (stored.length !== first.metadata.size) {
      out.push(`batch ${batch} holds ${stored.length} of ${String(first.metadata.size)} events`);
    }
    stored.forEach((e, i) => {
      if (e.metadata.index !== i || e.seq !== first.seq + i)
        out.push(`batch ${batch} is not contiguous`);
    });
  }
  return out;
}

describe('SqliteSessionStore killed with SIGKILL while appending', () => {
  it(`keeps every acknowledged batch, whole, with contiguous seqs, over ${KILLS} kills`, async () => {
    const path = join(dir, 'crash.db');
    const setup = new SqliteSessionStore({ path });
    const session = await setup.saveSession(Session.create({ agentId: 'crash' }));
    await setup.close();

    const acked: Ack[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      acked.push(...(await runAndKill(path, session.id, 20 + Math.floor(Math.random() * 131))));
      // Reopening after the kill must work and show a consistent log.
      const store = new SqliteSessionStore({ path });
      const events = await store.readEvents(session.id);
      expect(await store.latestSeq(session.id)).toBe(events.length);
      expect(problems(events, acked)).toEqual([]);
      await store.close();
    }
    expect(acked.length).toBeGreaterThan(KILLS);
  }, 60_000);
});
