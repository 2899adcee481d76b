import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteSessionStore } from '../../src/stores/sqlite/sqlite-session-store.js';
import { asmFromSources as asm } from '../support/asm-from-sources.js';
import {
  type CodexSandbox,
  rolloutsOf,
  useCodexFake,
  userConfiguredSandbox,
} from '../support/codex-kit.js';

// `asm run` on the real Codex binary, configured as a user configures a model provider: a
// config.toml in CODEX_HOME pointing at the fake Responses API, run in a Git repository.
const kit = useCodexFake();

const userSetup = (keyVariable: string): CodexSandbox => userConfiguredSandbox(kit, keyVariable);

async function storedRuns(db: string) {
  const store = new SqliteSessionStore({ path: db });
  try {
    const sessions = (await store.listSessions()).items;
    const session = sessions[0];
    const runs = (await store.listRuns(session?.id ?? '')).items;
    const started = await store.readEvents(session?.id ?? '', { types: ['run_started'] });
    return { sessions, session, runs, providers: started.map((e) => e.data.provider) };
  } finally {
    await store.close();
  }
}

describe('asm run on Codex', () => {
  it('--provider codex --model gpt-5.5 prints the model answer and stores the run and thread', async () => {
    const box = userSetup('FAKE_KEY');
    const db = join(box.dir, 'sessions.db');
    const before = kit.fake.responseRequests().length;
    const started = performance.now();
    const result = await asm(
      ['run', '--provider', 'codex', '--model', 'gpt-5.5', '--store', `sqlite:${db}`, 'Hello'],
      box.env,
      box.workspace,
    );
    console.info(`asm run --provider codex: ${(performance.now() - started).toFixed(0)} ms`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Echo: Hello');
    const requests = kit.fake.responseRequests().slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({ model: 'gpt-5.5' });

    const { sessions, session, runs, providers } = await storedRuns(db);
    expect(sessions).toHaveLength(1);
    expect(runs.map((run) => run.status)).toEqual(['completed']);
    expect(providers).toEqual(['codex']);
    const threadId = session?.providerSessionId ?? '';
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rolloutsOf(box, threadId)).toHaveLength(1);
  });

  it('uses Codex when only CODEX_API_KEY is set and no --provider is given', async () => {
    const box = userSetup('CODEX_API_KEY');
    const { FAKE_KEY: _unused, ...env } = box.env;
    const db = join(box.dir, 'sessions.db');
    const before = kit.fake.responseRequests().length;
    const result = await asm(
      ['run', '--model', 'gpt-5.5', '--store', `sqlite:${db}`, 'Which provider?'],
      { ...env, CODEX_API_KEY: 'sk-user-key-for-cli-test' },
      box.workspace,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Echo: Which provider?');
    expect(kit.fake.responseRequests().length).toBe(before + 1);
    const { runs, providers } = await storedRuns(db);
    expect(runs.map((run) => run.status)).toEqual(['completed']);
    expect(providers).toEqual(['codex']);
  });

  it('fails with the mapped provider error and a non-zero exit code when the API refuses the key', async () => {
    const box = userSetup('CODEX_API_KEY');
    const key = 'sk-user-refused-key-7e3a91c0d5';
    kit.fake.enqueue({ error: { status: 401, message: `Incorrect API key provided: ${key}` } });
    const result = await asm(
      [
        'run',
        '--provider',
        'codex',
        '--model',
        'gpt-5.5',
        '--store',
        `sqlite:${join(box.dir, 's.db')}`,
        'x',
      ],
      { ...box.env, CODEX_API_KEY: key },
      box.workspace,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('provider_authentication_failed');
    expect(result.stderr + result.stdout).not.toContain(key);
  });
});
