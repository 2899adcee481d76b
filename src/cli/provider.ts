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

function unavailable(name: 'claude' | 'codex', why: string): AgentSessionError {
  return new AgentSessionError(
    'provider_unavailable',
    `${why}the ${name} adapter is not available in this version of asm; use --provider mock`,
    { details: { provider: name } },
  );
}

/**
 * Which provider to use: `--provider` when given; otherwise `mock` when no provider is configured
 * (no `ANTHROPIC_API_KEY`, `OPENAI_API_KEY` or `CODEX_API_KEY`). Real providers are not available in
 * this version: choosing one, or having one configured, throws `provider_unavailable` saying so.
 *
 * @example
 * ```ts
 * resolveProvider(undefined, {}); // 'mock'
 * resolveProvider('claude', {}); // throws provider_unavailable
 * ```
 */
export function resolveProvider(flag: string | undefined, env: Env): ProviderName {
  if (flag !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(flag)) {
      throw usageError(`unknown provider '${flag}': use one of ${PROVIDERS.join(', ')}`);
    }
    if (flag === 'claude' || flag === 'codex') throw unavailable(flag, '');
    return 'mock';
  }
  const configured = configuredProvider(env);
  if (configured) {
    throw unavailable(
      configured.name,
      `${configured.variable} is set, so asm would use --provider ${configured.name}, but `,
    );
  }
  return 'mock';
}

/** What `createAdapter` needs besides the provider. */
export interface AdapterChoice {
  readonly provider: ProviderName;
  readonly model?: string | undefined;
  readonly env: Env;
}

/**
 * The adapter for a resolved provider. The mock streams with `ASM_MOCK_LATENCY_MS` between chunks
 * (default 15 ms).
 *
 * @example
 * ```ts
 * const adapter = await createAdapter({ provider: 'mock', env: process.env });
 * ```
 */
export async function createAdapter(choice: AdapterChoice): Promise<ProviderAdapter> {
  if (choice.provider !== 'mock') throw unavailable(choice.provider, '');
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
