import { stat } from 'node:fs/promises';
import { AgentSessionError } from '../../core/agent-session-error.js';

/**
 * Throw `validation_error` naming the option when the agent's working directory does not exist or
 * is not a directory: the provider's own error would not say which option is wrong.
 *
 * @example
 * ```ts
 * await expectWorkingDirectory('/srv/repo', 'workingDirectory');
 * ```
 */
export async function expectWorkingDirectory(path: string, field: string): Promise<void> {
  const isDirectory = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new AgentSessionError(
      'validation_error',
      `${field} ${path} does not exist or is not a directory`,
      { details: { field, path } },
    );
  }
}
