import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reply, testAdapter } from '../../../test/support/manager-kit.js';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { AdapterExecuteRequest, AdapterResult } from '../../ports/adapter-execution.js';
import type { SessionStore } from '../../ports/session-store.js';
import { InMemorySessionStore } from '../../stores/memory/in-memory-session-store.js';
import { SqliteSessionStore } from '../../stores/sqlite/sqlite-session-store.js';
import { SessionManager } from '../session-manager.js';
import { encodeProviderFile } from './provider-file-codec.js';

const dir = mkdtempSync(join(tmpdir(), 'asm-provider-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About 180 KB of JSON lines shaped like a Claude Code session file, different per `seed`. */
function sessionFile(seed: string): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 180_000; i++) {
    lines.push(
      JSON.stringify({
        type: i % 2 === 0 ? 'user' : 'assistant',
        uuid: `${seed}-${i.toString(16).padStart(8, '0')}`,
        parentUuid: i === 0 ? null : `${seed}-${(i - 1).toString(16).padStart(8, '0')}`,
        sessionId: seed,
        timestamp: new Date(Date.UTC(2026, 11, 1, 12, 0, i)).toISOString(),
        message: {
          role: i % 2 === 0 ? 'user' : 'assistant',
          content: [
            { type: 'text', text: `turn ${i} of ${seed}: ${'lorem ipsum '.repeat(i % 7)}` },
          ],
          usage: { input_tokens: 100 + i, output_tokens: 20 + (i % 13) },
        },
      }),
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

type Loaded = { name: string; data: Uint8Array } | null;

/** An adapter that records what `providerFile.load()` gave each run, then saves `next(run)`. */
function fileAdapter(
  seen: Loaded[],
  next: (request: AdapterExecuteRequest) => { name: string; data: Uint8Array } | null,
) {
  return testAdapter(async (request): Promise<AdapterResult> => {
    seen.push(await request.providerFile.load());
    const file = next(request);
    if (file !== null) await request.providerFile.save(file.name, file.data);
    return reply('ok');
  });
}

async function runIn(manager: SessionManager, sessionId: string): Promise<void> {
  const run = await manager.startRun(sessionId, 'go');
  const result = await manager.executeRun(run.id);
  expect(result.status, result.error?.message).toBe('completed');
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('request.providerFile', () => {
  it('loads what the previous run of the session saved, across managers on one SQLite file, compressed and per session', async () => {
    const path = join(dir, 'portable.db');
    const first = sessionFile('first');
    const other = sessionFile('other');
    const seen: Loaded[] = [];
    const files = new Map<string, Uint8Array>();
    const adapter = fileAdapter(seen, (request) => {
      const data = files.get(request.session.id);
      return data === undefined ? null : { name: `${request.session.id}.jsonl`, data };
    });

    const storeA = new SqliteSessionStore({ path });
    const a = new SessionManager({ adapter, store: storeA, telemetry: false });
    const session = await a.startSession({ agentId: 'portable' });
    files.set(session.id, first);
    await runIn(a, session.id);
    await a.close();
    await storeA.close();
    expect(seen).toEqual([null]);

    const storeB = new SqliteSessionStore({ path });
    const stored = await storeB.getProviderFile(session.id, adapter.name);
    expect(stored?.name).toBe(`${session.id}.jsonl`);
    expect(stored?.data.byteLength).toBeLessThan(first.byteLength / 2);
    expect(same(stored?.data ?? new Uint8Array(), first)).toBe(false);

    const b = new SessionManager({ adapter, store: storeB, telemetry: false });
    files.delete(session.id); // the second run only loads
    await runIn(b, session.id);
    expect(seen[1]?.name).toBe(`${session.id}.jsonl`);
    expect(same(seen[1]?.data ?? new Uint8Array(), first)).toBe(true);

    // Another session of the same provider sees nothing of the first, and keeps its own copy.
    const second = await b.startSession({ agentId: 'portable' });
    files.set(second.id, other);
    await runIn(b, second.id);
    expect(seen[2]).toBeNull();
    files.delete(second.id);
    await runIn(b, second.id);
    await runIn(b, session.id);
    expect(same(seen[3]?.data ?? new Uint8Array(), other)).toBe(true);
    expect(same(seen[4]?.data ?? new Uint8Array(), first)).toBe(true);
    await b.close();
    await storeB.close();
  });

  it('a corrupt stored copy loads as null and is noted on the session log', async () => {
    const store = new InMemorySessionStore();
    const seen: Loaded[] = [];
    const adapter = fileAdapter(seen, () => null);
    const manager = new SessionManager({ adapter, store, telemetry: false });
    const session = await manager.startSession({ agentId: 'corrupt' });
    const valid = await encodeProviderFile(sessionFile('valid'));
    const copies = [
      new TextEncoder().encode('not compressed at all'),
      valid.subarray(0, valid.byteLength - 100), // truncated
      Uint8Array.from(valid, (b, i) => (i > 40 && i < 60 ? b ^ 0xff : b)), // damaged stream
    ];
    for (const data of copies) {
      await store.saveProviderFile(session.id, { provider: adapter.name, name: 'x.jsonl', data });
      await runIn(manager, session.id);
    }
    expect(seen).toEqual([null, null, null]);
    const notes = (await manager.getEvents(session.id, { types: ['error_occurred'] })).filter(
      (e) => e.runId === null,
    );
    expect(notes).toHaveLength(3);
    for (const note of notes) {
      expect(note.data).toMatchObject({ errorCode: 'storage_error', fatal: false });
      expect(String(note.data.errorMessage)).toContain('unreadable');
    }
    await manager.close();
    await store.close();
  });

  it('save checks its arguments and reports a failing store as storage_error', async () => {
    const store = new InMemorySessionStore();
    const failing = new Proxy(store, {
      get(target, key) {
        if (key === 'saveProviderFile') return () => Promise.reject(new Error('disk full'));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as SessionStore;
    const errors: unknown[] = [];
    const adapter = testAdapter(async ({ providerFile }) => {
      for (const attempt of [
        () => providerFile.save('', new Uint8Array(1)),
        () => providerFile.save('x.jsonl', 'text' as never),
        () => providerFile.save('x.jsonl', new Uint8Array(10)),
      ]) {
        errors.push(
          await attempt().then(
            () => null,
            (e: unknown) => e,
          ),
        );
      }
      return reply('ok');
    });
    const manager = new SessionManager({ adapter, store: failing, telemetry: false });
    const session = await manager.startSession({ agentId: 'failing' });
    await runIn(manager, session.id);
    const codes = errors.map((e) => (AgentSessionError.isInstance(e) ? e.code : String(e)));
    expect(codes).toEqual(['validation_error', 'validation_error', 'storage_error']);
    expect((errors[2] as AgentSessionError).message).toContain('disk full');
    await manager.close();
    await store.close();
  });
});
