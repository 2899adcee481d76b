import { AgentSessionError } from '../../core/agent-session-error.js';
import type { EventType } from '../../core/event-types.js';
import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import type { SessionEvent } from '../../core/session-event.js';

/** A row of the `sessions` table. */
export interface SessionRow {
  id: string;
  agent_id: string;
  status: string;
  parent_session_id: string | null;
  provider_session_id: string | null;
  context: string;
  metadata: string;
  tags: string;
  created_at: string;
  created_ms: number;
  updated_at: string;
  version: number;
}

/** A row of the `runs` table. */
export interface RunRow {
  id: string;
  session_id: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  metadata: string;
  turn_count: number;
  token_usage: string;
  cost_usd: number | null;
  owner: string | null;
  heartbeat_at: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  version: number;
}

/** A row of the `events` table. */
export interface EventRow {
  session_id: string;
  seq: number;
  id: string;
  type: string;
  run_id: string | null;
  timestamp: string;
  provider: string | null;
  data: string;
  metadata: string;
}

const json = JSON.stringify;
const nullableJson = (value: unknown) => (value === null ? null : json(value));

/** A row's values in the order of `columns` (as `sessionParams` / `runParams` give them). */
export function rowParams(row: SessionRow | RunRow, columns: readonly string[]): unknown[] {
  const values = row as unknown as Record<string, unknown>;
  return columns.map((column) => values[column]);
}

/** Where `sessionParams` puts the tags' JSON. */
export const SESSION_TAGS_PARAM = 7;

/** Statement parameters of a session row, in `sessions` column order. */
export function sessionParams(s: Session, version: number): unknown[] {
  return [
    s.id,
    s.agentId,
    s.status,
    s.parentSessionId,
    s.providerSessionId,
    json(s.context),
    json(s.metadata),
    json(s.tags),
    s.createdAt,
    Date.parse(s.createdAt),
    s.updatedAt,
    version,
  ];
}

/** Statement parameters of a run row, in `runs` column order. */
export function runParams(r: Run, version: number): unknown[] {
  return [
    r.id,
    r.sessionId,
    r.status,
    json(r.input),
    nullableJson(r.output),
    nullableJson(r.error),
    json(r.metadata),
    r.turnCount,
    json(r.tokenUsage),
    r.costUsd,
    r.owner,
    r.heartbeatAt,
    r.createdAt,
    r.startedAt,
    r.endedAt,
    version,
  ];
}

function corrupt(kind: string, id: string, cause: unknown): AgentSessionError {
  return new AgentSessionError('storage_read_failed', `stored ${kind} ${id} is not valid`, {
    details: { id },
    cause,
  });
}

/** The session a row holds (validated and frozen, like `Session.fromJSON`). */
export function rowToSession(row: SessionRow): Session {
  try {
    return Session.fromJSON({
      id: row.id,
      agentId: row.agent_id,
      status: row.status,
      parentSessionId: row.parent_session_id,
      providerSessionId: row.provider_session_id,
      context: JSON.parse(row.context),
      metadata: JSON.parse(row.metadata),
      tags: JSON.parse(row.tags),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
    });
  } catch (error) {
    throw corrupt('session', row.id, error);
  }
}

/** The run a row holds (validated and frozen, like `Run.fromJSON`). */
export function rowToRun(row: RunRow): Run {
  try {
    return Run.fromJSON({
      id: row.id,
      sessionId: row.session_id,
      status: row.status,
      input: JSON.parse(row.input),
      output: row.output === null ? null : JSON.parse(row.output),
      error: row.error === null ? null : JSON.parse(row.error),
      metadata: JSON.parse(row.metadata),
      turnCount: row.turn_count,
      tokenUsage: JSON.parse(row.token_usage),
      costUsd: row.cost_usd,
      owner: row.owner,
      heartbeatAt: row.heartbeat_at,
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      version: row.version,
    });
  } catch (error) {
    throw corrupt('run', row.id, error);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The event a row holds, deeply frozen. The row was validated when it was written, so it is not
 * validated again: this is the hot path of `readEvents`.
 */
export function rowToEvent(row: EventRow): SessionEvent {
  return Object.freeze({
    id: row.id,
    seq: row.seq,
    type: row.type as EventType,
    sessionId: row.session_id,
    runId: row.run_id,
    timestamp: row.timestamp,
    provider: row.provider,
    data: deepFreeze(JSON.parse(row.data)),
    metadata: deepFreeze(JSON.parse(row.metadata)),
  });
}
