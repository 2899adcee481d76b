import { AgentSessionError } from '../core/agent-session-error.js';
import type { ProviderAdapter } from '../ports/provider-adapter.js';
import { usageError } from './cli-error.js';

/** The providers `--provider` accepts. */
export const PROVIDERS = ['mock', 'claude', 'codex'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Default delay between streamed chunks of the mock provider, so streaming is visible. */
export const DEFAULT_MOCK_LATENCY_MS = 15;

type Env = Readonly<Record<string, string | undefined>>;

function configuredProvider(env: Env): { name: 'claude' | 'codex'; variable: string } | null {
  if (env.ANTHROPIC_API_KEY) return { name: 'claude', variable: 'ANTHROPIC_API_KEY' };
  if (env.OPENAI_API_KEY) return { name: 'codex', variable: 'OPENAI_API_KEY' };
  if (env.CODEX_API_KEY) return { name: 'codex', variable: 'CODEX_API_KEY' };
  return null;
}

function unavailable(name: 'codex', why: string): AgentSessionError {
  return new AgentSessionError(
    'provider_unavailable',
    `${why}the ${name} adapter is not available in this version of asm; use --provider mock or --provider claude`,
    { details: { provider: name } },
  );
}

/**
 * Which provider to use: `--provider` when given; otherwise the configured one (`claude` when
 * `ANTHROPIC_API_KEY` is set), or `mock` when none is. The codex adapter is not available in this
 * version: choosing it, or having only it configured, throws `provider_unavailable` saying so.
 *
 * @example
 * ```ts
 * resolveProvider(undefined, {}); // 'mock'
 * resolveProvider(undefined, { ANTHROPIC_API_KEY: 'sk-ant-…' }); // 'claude'
 * resolveProvider('codex', {}); // throws provider_unavailable
 * ```
 */
export function resolveProvider(flag: string | undefined, env: Env): ProviderName {
  if (flag !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(flag)) {
      throw usageError(`unknown provider '${flag}': use one of ${PROVIDERS.join(', ')}`);
    }
    if (flag === 'codex') throw unavailable(flag, '');
    return flag as ProviderName;
  }
  const configured = configuredProvider(env);
  if (configured?.name === 'codex') {
    throw unavailable(
      configured.name,
      `${configured.variable} is set, so asm would use --provider ${configured.name}, but `,
    );
  }
  return configured?.name ?? 'mock';
}

/** What `createAdapter` needs besides the provider. */
export interface AdapterChoice {
  readonly provider: ProviderName;
  readonly model?: string | undefined;
  readonly env: Env;
}

/**
 * The adapter for a resolved provider. The mock streams with `ASM_MOCK_LATENCY_MS` between chunks
 * (default 15 ms). Claude Code runs in the current directory with the environment given, and
 * needs `@anthropic-ai/claude-agent-sdk` (`provider_unavailable` names it when it is missing).
 *
 * @example
 * ```ts
 * const adapter = await createAdapter({ provider: 'mock', env: process.env });
 * ```
 */
export async function createAdapter(choice: AdapterChoice): Promise<ProviderAdapter> {
  if (choice.provider === 'codex') throw unavailable(choice.provider, '');
  if (choice.provider === 'claude') return claudeAdapter(choice);
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
