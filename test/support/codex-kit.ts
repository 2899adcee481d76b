import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodexAdapter } from '../../src/adapters/codex/codex-adapter.js';
import type {
  CodexAdapterOptions,
  CodexConfigValue,
} from '../../src/adapters/codex/codex-options.js';
import type {
  FakeResponses,
  FakeResponsesOptions,
  FakeResponsesRequest,
} from '../../src/testing/fake-responses/fake-responses-types.js';
import { startFakeResponses } from '../../src/testing/fake-responses/index.js';
import { eventually, type FoundProcess, processesWithEnv } from './claude-kit.js';
import { useFakeServer } from './fake-server-kit.js';

export { eventually, type FoundProcess, processesWithEnv };

/** A model slug the Codex binary knows (an unknown one gives a warning item). */
export const CODEX_MODEL = 'gpt-5.5';

/** One test's directories: `dir` (CODEX_HOME and HOME live under it) and a workspace. */
export interface CodexSandbox {
  readonly dir: string;
  readonly workspace: string;
  /** Where Codex keeps this sandbox's threads. */
  readonly codexHome: string;
  /** The binary's environment for the fake server: CODEX_HOME, HOME, FAKE_KEY, PATH. */
  readonly env: Record<string, string>;
}

/** Options of `useCodexFake`. */
export interface CodexFakeOptions extends FakeResponsesOptions {
  /** The value of `FAKE_KEY` in every sandbox (default the fake's). */
  readonly apiKey?: string;
}

/**
 * Start one fake Responses API for the file (before all tests, closed after them) and give each
 * test fresh sandboxes, removed after it (after the adapters made in it are closed).
 */
export function useCodexFake(options: CodexFakeOptions = {}): {
  readonly fake: FakeResponses;
  /** A new sandbox (a CODEX_HOME of its own), e.g. a second machine. */
  sandbox(): CodexSandbox;
  /** A CodexAdapter on the real binary talking to the fake, in `sandbox` (a new one by default). */
  adapter(options?: CodexAdapterOptions, sandbox?: CodexSandbox): CodexAdapter;
} {
  const { apiKey, ...fakeOptions } = options;
  const { current, sandboxDir, track } = useFakeServer(
    () => startFakeResponses(fakeOptions),
    'asm-codex-',
  );
  const sandbox = (): CodexSandbox => {
    const { dir, workspace } = sandboxDir();
    const env = current().env({ dir, ...(apiKey === undefined ? {} : { apiKey }) });
    return { dir, workspace, codexHome: env.CODEX_HOME ?? '', env };
  };
  return {
    get fake() {
      return current();
    },
    sandbox,
    adapter(adapterOptions = {}, box = sandbox()) {
      return track(
        new CodexAdapter({
          config: current().codexConfig() as Record<string, CodexConfigValue>,
          workingDirectory: box.workspace,
          skipGitRepoCheck: true,
          model: CODEX_MODEL,
          ...adapterOptions,
          env: { ...box.env, ...adapterOptions.env },
        }),
      );
    },
  };
}

/** The processes of a sandbox: its binary and whatever the binary's commands started. */
export function codexProcesses(sandbox: CodexSandbox): FoundProcess[] {
  return processesWithEnv('CODEX_HOME', sandbox.codexHome);
}

/** The rollout files of a sandbox, relative to `CODEX_HOME/sessions` (`YYYY/MM/DD/rollout-….jsonl`). */
export function rolloutsOf(sandbox: CodexSandbox, threadId: string): string[] {
  const sessions = join(sandbox.codexHome, 'sessions');
  try {
    return readdirSync(sessions, { recursive: true, encoding: 'utf8' }).filter((p) =>
      p.endsWith(`-${threadId}.jsonl`),
    );
  } catch {
    return [];
  }
}

/** A Responses request body as text, for `toContain` checks. */
export function bodyText(request: FakeResponsesRequest | undefined): string {
  return JSON.stringify(request?.body ?? null);
}

interface InputItem {
  readonly type?: string;
  readonly role?: string;
  readonly content?: unknown;
}

/** The `input` items of a Responses request body. */
export function inputItems(request: FakeResponsesRequest | undefined): InputItem[] {
  const input = (request?.body as { input?: unknown } | null | undefined)?.input;
  return Array.isArray(input) ? (input as InputItem[]) : [];
}

/** The texts of the user messages of a request, in order (the binary's context blocks included). */
export function userTexts(request: FakeResponsesRequest | undefined): string[] {
  return inputItems(request)
    .filter((item) => item.role === 'user')
    .map((item) =>
      Array.isArray(item.content)
        ? (item.content as { text?: unknown }[])
            .map((part) => (typeof part.text === 'string' ? part.text : ''))
            .join('')
        : String(item.content ?? ''),
    );
}

/**
 * A sandbox set up as a user sets up Codex: its workspace a Git repository, and a config.toml in
 * its CODEX_HOME whose model provider is the fake, with the key read from `keyVariable`.
 */
export function userConfiguredSandbox(
  kit: { readonly fake: { readonly url: string }; sandbox(): CodexSandbox },
  keyVariable: string,
): CodexSandbox {
  const box = kit.sandbox();
  execFileSync('git', ['init', '-q'], { cwd: box.workspace });
  writeFileSync(
    join(box.codexHome, 'config.toml'),
    [
      'model_provider = "fake"',
      '',
      '[model_providers.fake]',
      'name = "Fake Responses API"',
      `base_url = "${kit.fake.url}/v1"`,
      'wire_api = "responses"',
      `env_key = "${keyVariable}"`,
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '',
    ].join('\n'),
  );
  return box;
}
