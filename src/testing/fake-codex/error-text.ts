import { STATUS_CODES } from 'node:http';

/**
 * The message the real CLI (0.163.0, retries off) puts in its `error` event and `turn.failed` for
 * an HTTP error of the Responses API: 429 names only the last status, 500 only "high demand",
 * 400 is the raw body, every other status `unexpected status NNN Reason: <message>, url: <url>`;
 * when the answer had an `x-request-id`, the 429 and `unexpected status` texts end with
 * `, request id: <id>`.
 */
export function httpErrorText(
  status: number,
  message: string | undefined,
  url: string,
  requestId?: string,
): string {
  const reason = STATUS_CODES[status] ?? 'Unknown';
  const id = requestId === undefined ? '' : `, request id: ${requestId}`;
  if (status === 429) return `exceeded retry limit, last status: 429 ${reason}${id}`;
  if (status === 500) {
    return 'We’re currently experiencing high demand, which may cause temporary errors.';
  }
  const text = message ?? `fake error ${status}`;
  if (status === 400) {
    return JSON.stringify({ error: { message: text, type: 'invalid_request_error', code: null } });
  }
  return `unexpected status ${status} ${reason}: ${text}, url: ${url}${id}`;
}

/** What the real CLI writes to stderr before anything else in `exec` mode. */
export const STDIN_NOTICE = 'Reading prompt from stdin...\n';

/** stderr and exit code 1 of `resume <id>` when no rollout of that id exists. */
export function noRolloutText(threadId: string): string {
  return `Error: thread/resume: thread/resume failed: no rollout found for thread id ${threadId} (code -32600)\n`;
}

/** stderr of a run outside a git repository without `--skip-git-repo-check`. */
export const NOT_TRUSTED_TEXT =
  'Not inside a trusted directory and --skip-git-repo-check was not specified.\n';
