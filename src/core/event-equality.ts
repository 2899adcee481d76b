import type { SessionEvent } from './session-event.js';

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!Object.hasOwn(rb, k) || !sameJson(ra[k], rb[k])) return false;
  }
  return true;
}

/**
 * Whether two events with the same id carry the same content (everything but `seq`). Stores use it
 * to tell a retried append (a no-op) from a conflicting one (`already_exists`).
 */
export function sameEventContent(a: SessionEvent, b: SessionEvent): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.sessionId === b.sessionId &&
    a.runId === b.runId &&
    a.timestamp === b.timestamp &&
    a.provider === b.provider &&
    sameJson(a.data, b.data) &&
    sameJson(a.metadata, b.metadata)
  );
}
