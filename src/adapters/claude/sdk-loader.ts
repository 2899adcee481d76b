import type { AgentSessionError } from '../../core/agent-session-error.js';
import { loadOptionalPeer } from '../kit/optional-peer.js';
import { unstartableExecutable } from '../kit/unstartable-executable.js';

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

/**
 * `provider_unavailable` when a thrown value says the Claude Code executable is missing or cannot
 * start, naming what to install; null otherwise.
 */
export function missingExecutableError(
  thrown: unknown,
  executable: string | undefined,
): AgentSessionError | null {
  return unstartableExecutable(thrown, {
    provider: 'claude',
    executable,
    option: 'pathToClaudeCodeExecutable',
    what: 'the Claude Code executable',
    bundled: `of ${SDK_PACKAGE} (its platform package, e.g. ${SDK_PACKAGE}-linux-x64, is an optional dependency: reinstall without --omit=optional)`,
  });
}
