import { AgentSessionError } from '../../src/core/agent-session-error.js';

/** The AgentSessionError `fn` throws; fails the test if it throws nothing or something else. */
export function caught(fn: () => unknown): AgentSessionError {
  try {
    fn();
  } catch (error) {
    if (AgentSessionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AgentSessionError');
}

/** The code of the error `action` throws: null if none, a marker if it is not an AgentSessionError. */
export function codeOf(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    return AgentSessionError.isInstance(error) ? error.code : 'not an AgentSessionError';
  }
}
