import { AgentSessionError } from './agent-session-error.js';
import { isIsoTimestamp, nowIso } from './clock.js';
import { newId } from './ids.js';
import { SESSION_STATUSES, SESSION_TRANSITIONS, type SessionStatus } from './session-status.js';
import { assertTransition, isTerminal } from './state-machine.js';
import {
  expectInteger,
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  invalid,
  jsonObject,
  unreadable,
} from './validate.js';

/** A conversation with an agent: the unit that owns runs and an event log. */
export interface Session {
  readonly id: string;
  readonly agentId: string;
  readonly status: SessionStatus;
  readonly parentSessionId: string | null;
  /** What the agent works with, e.g. `{ systemPrompt }`. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  /** The provider's own conversation id, kept after the first run so later runs resume it. */
  readonly providerSessionId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The stored version: 0 until first saved; stores compare-and-set on it. */
  readonly version: number;
}

/** Attributes accepted by `Session.create`. */
export interface SessionAttrs {
  agentId: string;
  id?: string;
  status?: SessionStatus;
  parentSessionId?: string | null;
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  tags?: readonly string[];
  providerSessionId?: string | null;
  createdAt?: string;
  updatedAt?: string;
  version?: number;
}

const MAX_TAGS = 64;

function tagsOf(value: unknown): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  let copy: unknown[];
  try {
    if (!Array.isArray(value)) invalid('session.tags', 'must be an array of strings');
    // One read of every element (a Proxy or getter may throw, or answer differently twice).
    copy = Array.from(value as unknown[]);
  } catch (error) {
    if (AgentSessionError.isInstance(error)) throw error;
    return unreadable('session.tags', error);
  }
  if (copy.length > MAX_TAGS) invalid('session.tags', `must hold at most ${MAX_TAGS} tags`);
  return Object.freeze(copy.map((tag, i) => expectString(tag, `session.tags[${i}]`)));
}

function timestampOf(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoTimestamp(value)) invalid(field, 'must be an ISO-8601 timestamp');
  return value;
}

// Sessions this module built, or derived from one it built with checked changes: frozen through
// and through and valid as they are, so `Session.validate` (and the stores) return them without
// checking them again. A spread or JSON copy is not in it, and is checked. Sessions are few next to
// events, so a WeakSet costs nothing noticeable here.
const built = new WeakSet<Session>();

function marked(session: Session): Session {
  built.add(session);
  return session;
}

function build(attrs: unknown): Session {
  const a = expectObject(attrs, 'session');
  const createdAt = timestampOf(a.createdAt, 'session.createdAt') ?? nowIso();
  const session: Session = Object.freeze({
    id: a.id === undefined ? newId('ses') : expectString(a.id, 'session.id'),
    agentId: expectString(a.agentId, 'session.agentId'),
    status:
      a.status === undefined
        ? 'pending'
        : expectOneOf(a.status, SESSION_STATUSES, 'session.status', 'invalid_status'),
    parentSessionId: expectOptionalString(a.parentSessionId, 'session.parentSessionId'),
    context: jsonObject(a.context, 'session.context'),
    metadata: jsonObject(a.metadata, 'session.metadata'),
    tags: tagsOf(a.tags),
    providerSessionId: expectOptionalString(a.providerSessionId, 'session.providerSessionId'),
    createdAt,
    updatedAt: timestampOf(a.updatedAt, 'session.updatedAt') ?? createdAt,
    version: a.version === undefined ? 0 : expectInteger(a.version, 'session.version'),
  });
  return marked(session);
}

function fromJSON(value: unknown): Session {
  const obj = expectObject(value, 'session');
  for (const field of ['id', 'status', 'createdAt', 'updatedAt', 'version'] as const) {
    if (obj[field] === undefined) invalid(`session.${field}`, 'is required');
  }
  return build(obj);
}

function validateSession(value: unknown): Session {
  return built.has(value as Session) ? (value as Session) : fromJSON(value);
}

/**
 * Functions over `Session` values. Every function returns a new frozen value.
 *
 * @example
 * ```ts
 * let session = Session.create({ agentId: 'reviewer', context: { systemPrompt: 'Be brief.' } });
 * session = Session.transition(session, 'active');
 * Session.isTerminal(session); // false
 * ```
 */
export const Session = {
  /** A new pending session (or one with the given fields); bad input throws `validation_error`. */
  create(attrs: SessionAttrs): Session {
    return build(attrs);
  },
  /** Move to `status`; a transition the state machine forbids throws `invalid_transition`. */
  transition(session: Session, status: SessionStatus): Session {
    expectOneOf(status, SESSION_STATUSES, 'status', 'invalid_status');
    assertTransition(SESSION_TRANSITIONS, 'session', session.id, session.status, status);
    const moved: Session = Object.freeze({ ...session, status, updatedAt: nowIso() });
    return built.has(session) ? marked(moved) : moved;
  },
  /** Whether the session can no longer change status. */
  isTerminal(session: Session): boolean {
    return isTerminal(SESSION_TRANSITIONS, session.status);
  },
  /** Whether the table allows moving from the session's status to `status`. */
  canTransition(session: Session, status: SessionStatus): boolean {
    return SESSION_TRANSITIONS[session.status].includes(status);
  },
  /** The same session with fields replaced (validated like `create`). */
  update(
    session: Session,
    changes: Partial<Pick<SessionAttrs, 'context' | 'metadata' | 'tags' | 'providerSessionId'>>,
  ): Session {
    return build({ ...session, ...expectObject(changes, 'changes'), updatedAt: nowIso() });
  },
  /** A plain JSON-serializable copy. */
  toJSON(session: Session): Record<string, unknown> {
    return { ...session };
  },
  /** Rebuild a session from JSON; every field is validated. */
  fromJSON(value: unknown): Session {
    return fromJSON(value);
  },
  /**
   * `value` as a valid session: the value itself when this module built it (`create`, `update`,
   * `transition`, `fromJSON`, `stored`: frozen, so still valid), otherwise a validated, frozen copy
   * (as `fromJSON`). Stores call this on input.
   *
   * @example
   * ```ts
   * const session = Session.create({ agentId: 'bot' });
   * Session.validate(session) === session; // true
   * Session.validate({ ...session }) === session; // false: a checked copy
   * ```
   */
  validate(value: unknown): Session {
    return validateSession(value);
  },
  /** Whether `value` is a session this module built (frozen and valid as it is). */
  isBuilt(value: unknown): value is Session {
    return built.has(value as Session);
  },
  /**
   * The session as a store keeps and returns it after a save: `session` (validated unless this
   * module built it) with the stored `version` and `updatedAt` set to now.
   *
   * @example
   * ```ts
   * const saved = Session.stored(session, session.version + 1);
   * ```
   */
  stored(session: unknown, version: number): Session {
    const checked = validateSession(session);
    expectInteger(version, 'session.version', 1);
    return marked(Object.freeze({ ...checked, updatedAt: nowIso(), version }));
  },
};
