import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectRunInvariants, reply, testAdapter } from '../../../test/support/manager-kit.js';
import { SqliteSessionStore } from '../../stores/sqlite/sqlite-session-store.js';
import { SessionManager } from '../session-manager.js';

const CHILD = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'recover-loop.ts');

/** Block this thread (its event loop included) for `ms`. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('a stalled owner whose run another process recovered', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('stores nothing of the run after its terminal event, and stops at the first refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asm-stalled-'));
    dirs.push(dir);
    const path = join(dir, 'sessions.db');
    const store = new SqliteSessionStore({ path });
    let runSignal: AbortSignal | undefined;
    const adapter = testAdapter(async ({ emit, signal }) => {
      runSignal = signal;
      emit({ type: 'message_streamed', data: { delta: 'before' } });
      await new Promise((r) => setTimeout(r, 20));
      blockEventLoop(1500);
      for (let i = 0; i < 50; i++) {
        if (signal.aborted) break;
        emit({ type: 'message_streamed', data: { delta: `after ${i}` } });
        await new Promise((r) => setTimeout(r, 5));
      }
      return reply('done');
    });
    const owner = new SessionManager({ store, adapter, telemetry: false, heartbeatIntervalMs: 50 });
    const session = await owner.startSession({ agentId: 'a' });
    const run = await owner.startRun(session.id, 'work');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, run.id], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready')) resolve();
      });
    });
    const result = await owner.executeRun(run.id);
    expect(await exited).toBe(0);
    expect(output).toContain('recovered');
    // The first refused append stopped the adapter.
    expect(runSignal?.aborted).toBe(true);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('internal_error');
    const { events, run: stored } = await expectRunInvariants(store, run.id);
    expect(stored.status).toBe('failed');
    expect(events.filter((e) => e.type === 'run_failed')).toHaveLength(1);
    expect(result.run.version).toBe(stored.version);
    await owner.close();
    await store.close();
  });
});
