import { beforeEach, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { Run } from '../core/run.js';
import { Session } from '../core/session.js';
import { SessionEvent } from '../core/session-event.js';
import { InMemorySessionStore } from '../stores/memory/in-memory-session-store.js';
import { getAuditLog } from './audit-log.js';

let store: InMemorySessionStore;
let sessionId: string;
let firstRun: string;
let secondRun: string;

async function storeRun(message: string, fail: boolean): Promise<string> {
  let run = await store.saveRun(Run.create({ sessionId, input: message }));
  run = Run.start(run);
  const ev = (attrs: Omit<Parameters<typeof SessionEvent.create>[0], 'sessionId' | 'runId'>) =>
    SessionEvent.create({ ...attrs, sessionId, runId: run.id, provider: 'mock' });
  await store.commit(sessionId, {
    run,
    events: [
      ev({ type: 'run_started', data: { provider: 'mock', model: null, providerSessionId: null } }),
      ev({ type: 'message_sent', data: { role: 'user', content: message } }),
    ],
  });
  await store.appendEvents(sessionId, [
    ev({ type: 'tool_call_started', data: { toolCallId: 't', toolName: 'ls', toolInput: {} } }),
    fail
      ? ev({ type: 'tool_call_failed', data: { toolCallId: 't', toolName: 'ls', error: 'denied' } })
      : ev({
          type: 'tool_call_completed',
          data: { toolCallId: 't', toolName: 'ls', toolOutput: 'a' },
        }),
  ]);
  const end = fail
    ? ev({ type: 'run_failed', data: { errorCode: 'tool_error', errorMessage: 'denied' } })
    : ev({
        type: 'run_completed',
        data: { stopReason: 'end_turn', tokenUsage: {}, costUsd: null },
      });
  await store.appendEvents(sessionId, [end]);
  return run.id;
}

beforeEach(async () => {
  store = new InMemorySessionStore();
  const session = await store.saveSession(Session.create({ agentId: 'bot' }));
  sessionId = session.id;
  await store.appendEvents(sessionId, [
    SessionEvent.create({ type: 'session_created', sessionId }),
  ]);
  firstRun = await storeRun('first', false);
  secondRun = await storeRun('second', true);
});

const typesOf = (events: readonly SessionEvent[]) => events.map((e) => e.type);

describe('getAuditLog', () => {
  it('returns the whole append-only log in seq order', async () => {
    const log = await getAuditLog(store, sessionId);
    expect(log.map((e) => e.seq)).toEqual([...Array(11).keys()].map((i) => i + 1));
    expect(log).toEqual(await store.readEvents(sessionId));
  });

  it('narrows by group, translating groups to their event types', async () => {
    const log = await getAuditLog(store, sessionId, { groups: ['tool'] });
    expect(typesOf(log)).toEqual([
      'tool_call_started',
      'tool_call_completed',
      'tool_call_started',
      'tool_call_failed',
    ]);
  });

  it('adds types and groups up, and combines them with runId, after and limit', async () => {
    const both = await getAuditLog(store, sessionId, {
      types: ['tool_call_failed'],
      groups: ['session', 'run'],
    });
    expect(typesOf(both)).toEqual([
      'session_created',
      'run_started',
      'run_completed',
      'run_started',
      'tool_call_failed',
      'run_failed',
    ]);
    const second = await getAuditLog(store, sessionId, { runId: secondRun, groups: ['run'] });
    expect(typesOf(second)).toEqual(['run_started', 'run_failed']);
    const first = await getAuditLog(store, sessionId, { runId: firstRun });
    expect(first.every((e) => e.runId === firstRun)).toBe(true);
    expect(first).toHaveLength(5);
    const page = await getAuditLog(store, sessionId, { after: 2, limit: 2 });
    expect(page.map((e) => e.seq)).toEqual([3, 4]);
  });

  it.each([
    [{ groups: ['tools'] }, 'filter.groups[0]', 'validation_error'],
    [{ groups: [] }, 'filter.groups', 'validation_error'],
    [{ groups: 'tool' }, 'filter.groups', 'validation_error'],
    [{ types: ['tool_call'] }, 'filter.types[0]', 'invalid_event_type'],
    [{ after: -1 }, 'filter.after', 'validation_error'],
    [{ limit: 0 }, 'filter.limit', 'validation_error'],
    [{ limit: 10_001 }, 'filter.limit', 'validation_error'],
    [{ runId: '' }, 'filter.runId', 'validation_error'],
    [{ group: ['tool'] }, 'filter.group', 'validation_error'],
    ['all', 'filter', 'validation_error'],
  ])('rejects the filter %j naming %s', async (filter, field, code) => {
    const error = await getAuditLog(store, sessionId, filter as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentSessionError);
    expect(error).toMatchObject({ code, details: { field } });
    expect((error as Error).message).toContain(field);
  });

  it('rejects a bad session id and reports a missing session', async () => {
    await expect(getAuditLog(store, '')).rejects.toMatchObject({
      code: 'validation_error',
      details: { field: 'sessionId' },
    });
    await expect(getAuditLog(store, 'ses_missing')).rejects.toMatchObject({
      code: 'session_not_found',
    });
  });
});
