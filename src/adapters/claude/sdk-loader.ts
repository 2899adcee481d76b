import { AgentSessionError } from '../../core/agent-session-error.js';
import { describeThrown } from '../../core/thrown-value.js';
import { loadOptionalPeer } from '../kit/optional-peer.js';

/** The part of `@anthropic-ai/claude-agent-sdk` the adapter uses. */
export type ClaudeSdk = Pick<typeof import('@anthropic-ai/claude-agent-sdk'), 'query'>;

export const SDK_PACKAGE = '@anthropic-ai/claude-agent-sdk';

/**
 * Load the Agent SDK (an optional peer dependency) once. Without it, throws
 * `provider_unavailable` saying what to install.
 */
export function loadClaudeSdk(): Promise<ClaudeSdk> {
  return loadOptionalPeer<ClaudeSdk>(SDK_PACKAGE, 'ClaudeAdapter', 'claude');
}

const MISSING_EXECUTABLE =
  /(executable|native binary|binary).{0,40}(not found|failed to launch)|ENOENT|EACCES/i;

/**
 * `provider_unavailable` when a thrown value says the Claude Code executable is missing or cannot
 * start, naming what to install; null otherwise.
 */
export function missingExecutableError(
  thrown: unknown,
  executable: string | undefined,
): AgentSessionError | null {
  const text = describeThrown(thrown).message;
  if (!MISSING_EXECUTABLE.test(text)) return null;
  const where =
    executable === undefined
      ? `the Claude Code CLI of ${SDK_PACKAGE} (its platform package, e.g. ${SDK_PACKAGE}-linux-x64, is an optional dependency: reinstall without --omit=optional)`
      : `the Claude Code executable at ${executable} (pathToClaudeCodeExecutable)`;
  return new AgentSessionError(
    'provider_unavailable',
    `cannot start ${where}: ${text.split('\n')[0]?.slice(0, 300)}`,
    { details: { provider: 'claude', executable: executable ?? null } },
  );
}
