import { AgentSessionError } from './agent-session-error.js';

const PREFIX = 'c1.';
const MAX_KEY_LENGTH = 512;

// FNV-1a over the key's UTF-16 code units: a check that the cursor was issued, not a secret.
function checksum(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

function notIssued(field: string): never {
  throw new AgentSessionError('invalid_cursor', `${field} is not a cursor this store issued`, {
    details: { field },
  });
}

/**
 * An opaque keyset cursor for the position after `key` (an id). Stores hand these out as
 * `Page.nextCursor`; callers must not build or parse them.
 *
 * @example
 * ```ts
 * const cursor = encodeCursor(lastSession.id);
 * decodeCursor(cursor); // lastSession.id
 * ```
 */
export function encodeCursor(key: string): string {
  return `${PREFIX}${Buffer.from(key, 'utf8').toString('base64url')}.${checksum(key)}`;
}

/** The key inside a cursor made by `encodeCursor`; anything else throws `invalid_cursor`. */
export function decodeCursor(cursor: unknown, field = 'cursor'): string {
  if (
    typeof cursor !== 'string' ||
    !cursor.startsWith(PREFIX) ||
    cursor.length > 4 * MAX_KEY_LENGTH
  ) {
    notIssued(field);
  }
  const dot = cursor.lastIndexOf('.');
  if (dot <= PREFIX.length) notIssued(field);
  const key = Buffer.from(cursor.slice(PREFIX.length, dot), 'base64url').toString('utf8');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || encodeCursor(key) !== cursor) {
    notIssued(field);
  }
  return key;
}
