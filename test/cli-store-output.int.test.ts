import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run } from '../src/core/run.js';
import { Session } from '../src/core/session.js';
import { SessionEvent } from '../src/core/session-event.js';
import {
  asm,
  BIN,
  ESC,
  env,
  finish,
  freshDir,
  makeRoot,
  removeRoot,
  rootDir,
  seedSession,
  start,
  withStore,
} from './support/cli-kit.js';

// The built `asm` on hostile stored text, missing, broken and read-only stores, and long logs.

beforeAll(() => {
  makeRoot('asm-out-');
});

afterAll(() => {
  removeRoot();
});

describe('stored text with terminal control characters', () => {
  const hostile = `title${ESC}]0;pwned${String.fromCharCode(7)} clear${ESC}[2J csi${String.fromCharCode(0x9b)}31m del${String.fromCharCode(0x7f)} bidi\u202Egnp.exe`;

  async function hostileStore(cwd: string): Promise<string> {
    return withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const session = await store.saveSession(
        Session.create({
          agentId: `agent${ESC}[31m`,
          context: { systemPrompt: hostile },
          tags: [hostile],
        }),
      );
      const run = await store.saveRun(Run.create({ sessionId: session.id, input: hostile }));
      await store.appendEvents(session.id, [
        SessionEvent.create({
          type: 'session_created',
          sessionId: session.id,
          data: { agentId: hostile },
        }),
        SessionEvent.create({
          type: 'message_sent',
          sessionId: session.id,
          runId: run.id,
          data: { role: 'user', content: hostile },
        }),
        SessionEvent.create({
          type: 'message_streamed',
          sessionId: session.id,
          runId: run.id,
          data: { delta: hostile },
        }),
        SessionEvent.create({
          type: 'tool_call_completed',
          sessionId: session.id,
          runId: run.id,
          data: { toolCallId: 't1', toolName: `sh${ESC}[2J`, toolOutput: hostile },
        }),
      ]);
      return session.id;
    });
  }

  function expectNoControls(text: string) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  }

  it('show, events and sessions print them visibly, not raw', async () => {
    const cwd = freshDir();
    const sessionId = await hostileStore(cwd);
    for (const args of [['show', sessionId], ['events', sessionId], ['sessions']]) {
      const r = await asm(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expectNoControls(r.stdout + r.stderr);
    }
    const shown = await asm(cwd, ['show', sessionId]);
    expect(shown.stdout).toContain('␛]0;pwned');
  });

  it('asm run shows agent output that echoes them visibly; --json keeps them exact', async () => {
    const cwd = freshDir();
    const text = await asm(cwd, ['run', hostile]);
    expect(text.code, text.stderr).toBe(0);
    expectNoControls(text.stdout + text.stderr);
    expect(text.stdout).toContain('␛]0;pwned␇');
    const json = await asm(cwd, ['run', '--json', hostile]);
    const sent = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'message_sent');
    expect(sent.data.content).toBe(hostile);
  });

  it('--json stays exact JSON', async () => {
    const cwd = freshDir();
    const sessionId = await hostileStore(cwd);
    const r = await asm(cwd, ['events', sessionId, '--json']);
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[1].data.content).toBe(hostile);
  });
});

describe('smaller defects', () => {
  it('run and resume --help list --file', async () => {
    const cwd = freshDir();
    for (const command of ['run', 'resume']) {
      const r = await asm(cwd, [command, '--help']);
      expect(r.stdout).toMatch(/--file <path>/);
    }
  });

  it('--limit -1 says the value must be a positive integer', async () => {
    const cwd = freshDir();
    const r = await asm(cwd, ['sessions', '--limit', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("asm: --limit must be a positive integer, got '-1'\n");
  });

  it('read-only commands create neither the store file nor its directory', async () => {
    const cwd = freshDir();
    const listed = await asm(cwd, ['sessions']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/no store yet/i);
    for (const args of [
      ['show', 'ses_x'],
      ['events', 'ses_x'],
      ['cancel', 'run_x'],
    ]) {
      const r = await asm(cwd, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/no store yet/i);
    }
    const nested = await asm(cwd, ['sessions', '--store', 'sqlite:deep/er/s.db']);
    expect(nested.code).toBe(0);
    expect(existsSync(join(cwd, '.asm'))).toBe(false);
    expect(existsSync(join(cwd, 'deep'))).toBe(false);
  });

  it('a filtered empty listing says that none match the filter', async () => {
    const cwd = freshDir();
    await asm(cwd, ['run', 'Hello']);
    const r = await asm(cwd, ['sessions', '--status', 'failed']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('No sessions match --status failed.\n');
  });

  it('broken store files exit 3 with a message naming the file and the problem', async () => {
    const cwd = freshDir();
    await asm(cwd, ['run', 'Hello']);
    const good = readFileSync(join(cwd, '.asm', 'sessions.db'));
    writeFileSync(join(cwd, 'garbage.db'), 'this is not a database at all, not even close.....');
    writeFileSync(join(cwd, 'truncated.db'), good.subarray(0, 5000));
    mkdirSync(join(cwd, 'dir.db'));
    for (const name of ['garbage.db', 'truncated.db', 'dir.db']) {
      for (const args of [['sessions'], ['show', 'ses_x'], ['events', 'ses_x'], ['run', 'x']]) {
        const r = await asm(cwd, [...args, '--store', `sqlite:${name}`]);
        expect(r.code, `${name} ${args[0]}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toMatch(
          new RegExp(`^asm: store ${join(cwd, name).replace(/\//g, '\\/')} `),
        );
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).not.toMatch(/listSessions|getSession|readEvents|latestSeq|internal error/);
      }
    }
  });

  it('a read-only database can be listed and shown', async () => {
    const cwd = freshDir();
    await asm(cwd, ['run', 'Hello']);
    const dir = join(cwd, 'ro');
    mkdirSync(dir);
    execFileSync('cp', [join(cwd, '.asm', 'sessions.db'), join(dir, 's.db')]);
    chmodSync(join(dir, 's.db'), 0o444);
    chmodSync(dir, 0o555);
    chmodSync(rootDir(), 0o755);
    chmodSync(cwd, 0o755);
    // As root, permissions do not bind: run the reader as nobody.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(
      process.execPath,
      [BIN, 'sessions', '--store', `sqlite:${join(dir, 's.db')}`],
      {
        cwd: dir,
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
        ...asUser,
      },
    );
    const r = await finish(child);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ses_\w+\s+active\s+cli/);
  });

  it('asm events streams a 200,000-event log in bounded memory', async () => {
    const cwd = freshDir();
    const sessionId = await withStore(join(cwd, '.asm', 'sessions.db'), async (store) => {
      const session = await seedSession(store);
      for (let i = 0; i < 200; i++) {
        await store.appendEvents(
          session.id,
          Array.from({ length: 1000 }, (_, j) =>
            SessionEvent.create({
              type: 'message_streamed',
              sessionId: session.id,
              data: { delta: `delta ${i}.${j} with some text to make it heavier` },
            }),
          ),
        );
      }
      return session.id;
    });
    const child = start(cwd, ['events', sessionId, '--json'], {}, ['--max-old-space-size=48']);
    let lines = 0;
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      for (const byte of d) if (byte === 10) lines++;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise((done) => child.on('close', done));
    expect(code, stderr.slice(0, 500)).toBe(0);
    expect(lines).toBe(200_001);
  }, 120_000);
});
