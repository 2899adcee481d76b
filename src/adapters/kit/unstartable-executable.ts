import { AgentSessionError } from '../../core/agent-session-error.js';
import { describeThrown } from '../../core/thrown-value.js';

const CANNOT_START =
  /(executable|native binary|binary).{0,40}(not found|failed to launch)|ENOENT|EACCES/i;

/** How an adapter names its provider's executable in the error. */
export interface ExecutableNames {
  /** The provider, for `details.provider`, e.g. `'codex'`. */
  readonly provider: string;
  /** The executable the user configured (by `option`), or undefined for the bundled one. */
  readonly executable: string | undefined;
  /** The adapter option that sets it, e.g. `'codexPathOverride'`. */
  readonly option: string;
  /** What it is, e.g. `'the codex binary'`. */
  readonly what: string;
  /** Where the bundled one comes from and what to install, when none is configured. */
  readonly bundled: string;
}

/**
 * `provider_unavailable` when a thrown value says the provider's executable is missing or cannot
 * start (not found, ENOENT, EACCES, failed to launch), naming it and what to install or set;
 * null for any other failure. The thrown text is passed through `redact`.
 *
 * @example
 * ```ts
 * unstartableExecutable(new Error('spawn /opt/codex ENOENT'), {
 *   provider: 'codex', executable: '/opt/codex', option: 'codexPathOverride',
 *   what: 'the codex binary', bundled: 'of @openai/codex',
 * })?.code; // 'provider_unavailable'
 * ```
 */
export function unstartableExecutable(
  thrown: unknown,
  names: ExecutableNames,
  redact: (text: string) => string = (text) => text,
): AgentSessionError | null {
  if (thrown === undefined) return null;
  const text = describeThrown(thrown).message;
  if (!CANNOT_START.test(text)) return null;
  const where =
    names.executable === undefined
      ? `${names.what} ${names.bundled}`
      : `${names.what} at ${names.executable} (${names.option})`;
  return new AgentSessionError(
    'provider_unavailable',
    `cannot start ${where}: ${redact(text.split('\n')[0] ?? '').slice(0, 300)}`,
    { details: { provider: names.provider, executable: names.executable ?? null } },
  );
}
