import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import { asmFromSources as asm } from '../support/asm-from-sources.js';
import { useClaudeFake } from '../support/claude-kit.js';

// `asm run --provider claude` on the real Claude Code CLI, against the fake Anthropic server.
const claude = useClaudeFake();

describe('asm run on Claude Code', () => {
  it('--provider claude streams the model answer and stores the Claude session', async () => {
    const box = claude.sandbox();
    const db = join(box.dir, 'sessions.db');
    const result = await asm(
      ['run', '--provider', 'claude', '--store', `sqlite:${db}`, 'Hello from asm'],
      box.env,
      box.workspace,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Echo: Hello from asm');
    const store = new SqliteSessionStore({ path: db });
    try {
      const [session] = (await store.listSessions()).items;
      expect(session?.providerSessionId).toMatch(/^[0-9a-f-]{36}$/);
      const runs = (await store.listRuns(session?.id ?? '')).items;
      expect(runs.map((run) => run.status)).toEqual(['completed']);
      const started = await store.readEvents(session?.id ?? '', { types: ['run_started'] });
      expect(started.map((event) => event.data.provider)).toEqual(['claude']);
    } finally {
      await store.close();
    }
  });

  it('uses Claude Code when ANTHROPIC_API_KEY is set and no --provider is given', async () => {
    const box = claude.sandbox();
    const db = join(box.dir, 'sessions.db');
    const result = await asm(
      ['run', '--store', `sqlite:${db}`, 'Which provider?'],
      box.env,
      box.workspace,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Echo: Which provider?');
    expect(claude.fake.messageRequests().length).toBeGreaterThan(0);
  });

  it('fails with the mapped provider error and exit code when the API refuses the key', async () => {
    const box = claude.sandbox();
    claude.fake.enqueue({ error: { status: 401 } });
    const result = await asm(
      ['run', '--provider', 'claude', '--store', `sqlite:${join(box.dir, 's.db')}`, 'x'],
      box.env,
      box.workspace,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/provider_authentication_failed|401/);
    expect(result.stderr).not.toContain(box.env.ANTHROPIC_API_KEY);
  });
});
