import { AgentSessionError } from './agent-session-error.js';

const PREFIX = 'c1.';
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * An opaque keyset cursor for the position after `key` (an id). Stores hand these out as
 * `Page.nextCursor`; callers must not build or parse them.
 */
export function encodeCursor(key: string): string {
  return PREFIX + Buffer.from(key, 'utf8').toString('base64url');
}

/** The key inside a cursor made by `encodeCursor`; anything else throws `invalid_cursor`. */
export function decodeCursor(cursor: unknown, field = 'cursor'): string {
  if (typeof cursor !== 'string' || !cursor.startsWith(PREFIX) || cursor.length > 256) {
    throw new AgentSessionError('invalid_cursor', `${field} is not a cursor this store issued`, {
      details: { field },
    });
  }
  const key = Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8');
  if (!KEY_PATTERN.test(key)) {
    throw new AgentSessionError('invalid_cursor', `${field} is not a cursor this store issued`, {
      details: { field },
    });
  }
  return key;
}
