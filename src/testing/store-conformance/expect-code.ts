import { expect } from 'vitest';
import { AgentSessionError } from '../../core/agent-session-error.js';
import type { ErrorCode } from '../../core/error-codes.js';

/**
 * Call `action` and assert it rejects with an `AgentSessionError` of `code`. A synchronous throw
 * fails too: every port method returns a promise.
 */
export async function expectCode(
  action: () => Promise<unknown>,
  code: ErrorCode,
): Promise<AgentSessionError> {
  let promise: Promise<unknown>;
  try {
    promise = action();
  } catch (error) {
    expect.unreachable(`threw synchronously instead of rejecting: ${String(error)}`);
  }
  let outcome: { error: unknown } | null = null;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  if (outcome === null) return expect.unreachable(`resolved, expected rejection with ${code}`);
  const { error } = outcome;
  if (!AgentSessionError.isInstance(error)) {
    return expect.unreachable(`rejected with a non-AgentSessionError: ${String(error)}`);
  }
  expect(error.code, error.message).toBe(code);
  return error;
}
