import type { ProviderAdapter } from '../ports/provider-adapter.js';
import { usageError } from './cli-error.js';

/** The providers `--provider` accepts. */
export const PROVIDERS = ['mock', 'claude', 'codex'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Default delay between streamed chunks of the mock provider, so streaming is visible. */
export const DEFAULT_MOCK_LATENCY_MS = 15;

type Env = Readonly<Record<string, string | undefined>>;

function configuredProvider(env: Env): { name: 'claude' | 'codex' } | null {
  if (env.ANTHROPIC_API_KEY) return { name: 'claude' };
  if (env.OPENAI_API_KEY || env.CODEX_API_KEY) return { name: 'codex' };
  return null;
}

/**
 * Which provider to use: `--provider` when given; otherwise the configured one (`claude` when
 * `ANTHROPIC_API_KEY` is set, else `codex` when `OPENAI_API_KEY` or `CODEX_API_KEY` is), or `mock`
 * when none is.
 *
 * @example
 * ```ts
 * resolveProvider(undefined, {}); // 'mock'
 * resolveProvider(undefined, { ANTHROPIC_API_KEY: 'sk-ant-…' }); // 'claude'
 * resolveProvider('codex', {}); // 'codex'
 * ```
 */
export function resolveProvider(flag: string | undefined, env: Env): ProviderName {
  if (flag !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(flag)) {
      throw usageError(`unknown provider '${flag}': use one of ${PROVIDERS.join(', ')}`);
    }
    return flag as ProviderName;
  }
  return configuredProvider(env)?.name ?? 'mock';
}

/** What `createAdapter` needs besides the provider. */
export interface AdapterChoice {
  readonly provider: ProviderName;
  readonly model?: string | undefined;
  readonly env: Env;
}

/**
 * The adapter for a resolved provider. The mock streams with `ASM_MOCK_LATENCY_MS` between chunks
 * (default 15 ms). Claude Code and Codex run in the current directory with the environment given
 * (Codex with `CODEX_API_KEY` or `OPENAI_API_KEY` as its key), and need their SDKs
 * (`provider_unavailable` names the package when it is missing).
 *
 * @example
 * ```ts
 * const adapter = await createAdapter({ provider: 'mock', env: process.env });
 * ```
 */
export async function createAdapter(choice: AdapterChoice): Promise<ProviderAdapter> {
  if (choice.provider === 'claude') return claudeAdapter(choice);
  if (choice.provider === 'codex') return codexAdapter(choice);
  const { MockAdapter } = await import('../adapters/mock/index.js');
  return new MockAdapter({
    latencyMs: mockLatency(choice.env),
    ...(choice.model === undefined ? {} : { model: choice.model }),
  });
}

/** `ASM_MOCK_LATENCY_MS` as a number (default 15); a malformed value is a usage error. */
export function mockLatency(env: Env): number {
  const raw = env.ASM_MOCK_LATENCY_MS;
  if (raw === undefined || raw === '') return DEFAULT_MOCK_LATENCY_MS;
  if (!/^\d+$/.test(raw)) {
    throw usageError(`ASM_MOCK_LATENCY_MS must be a whole number of milliseconds, got '${raw}'`);
  }
  return Number(raw);
}

async function claudeAdapter(choice: AdapterChoice): Promise<ProviderAdapter> {
  const { loadClaudeSdk } = await import('../adapters/claude/sdk-loader.js');
  await loadClaudeSdk();
  const { ClaudeAdapter } = await import('../adapters/claude/claude-adapter.js');
  return new ClaudeAdapter({
    cwd: process.cwd(),
    env: choice.env,
    ...(choice.model === undefined ? {} : { model: choice.model }),
  });
}

async function codexAdapter(choice: AdapterChoice): Promise<ProviderAdapter> {
  const { loadOptionalPeer } = await import('../adapters/kit/optional-peer.js');
  const { CODEX_SDK_PACKAGE, CodexAdapter } = await import('../adapters/codex/codex-adapter.js');
  await loadOptionalPeer(CODEX_SDK_PACKAGE, 'CodexAdapter', 'codex');
  const apiKey = choice.env.CODEX_API_KEY || choice.env.OPENAI_API_KEY;
  return new CodexAdapter({
    workingDirectory: process.cwd(),
    env: choice.env,
    ...(apiKey ? { apiKey } : {}),
    ...(choice.model === undefined ? {} : { model: choice.model }),
  });
}
