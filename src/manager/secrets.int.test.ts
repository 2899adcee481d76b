import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Span, Tracer } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { aborted, reply, testAdapter } from '../../test/support/manager-kit.js';
import { AgentSessionError } from '../core/agent-session-error.js';
import type { SessionEvent } from '../core/session-event.js';
import { createTelemetry } from '../observability/create-telemetry.js';
import { EVENT_CHANNEL, RUN_TRACING_CHANNEL } from '../observability/diagnostics.js';
import { SqliteSessionStore } from '../stores/sqlite/sqlite-session-store.js';
import type { RunResult } from './run/run-result.js';
import { SessionManager } from './session-manager.js';

const SECRET = 'sk-live-0123456789-SECRET';
// A second, short secret: `[redacted]` is longer than it.
const SHORT = 'Qx7kZv9';

/** Every string reachable from `value` (own properties, non-enumerable ones and causes too). */
function strings(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') {
    out.push(value);
    return out;
  }
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return out;
  if (seen.has(value)) return out;
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    out.push(key);
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    strings(item, out, seen);
  }
  return out;
}

function leaks(value: unknown): string[] {
  return strings(value).filter((s) => s.includes(SECRET) || s.includes(SHORT));
}

interface FakeSpan {
  name: string;
  attributes: Record<string, unknown>;
  status: unknown;
}

function recordingTracer(spans: FakeSpan[]): Tracer {
  return {
    startSpan(name: string, options?: { attributes?: Record<string, unknown> }) {
      const record: FakeSpan = { name, attributes: { ...options?.attributes }, status: null };
      spans.push(record);
      const span = {
        isRecording: () => true,
        setAttributes(attributes: Record<string, unknown>) {
          Object.assign(record.attributes, attributes);
          return span;
        },
        setAttribute(key: string, value: unknown) {
          record.attributes[key] = value;
          return span;
        },
        setStatus(status: unknown) {
          record.status = status;
          return span;
        },
        end() {},
      };
      return span as unknown as Span;
    },
  } as unknown as Tracer;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('secrets on a SQLite file', () => {
  it('appear in no byte of the database and in nothing published or returned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asm-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'sessions.db');
    const store = new SqliteSessionStore({ path });

    const published: unknown[] = [];
    const onStored = (message: unknown) => published.push(message);
    subscribe(EVENT_CHANNEL, onStored);
    cleanups.push(() => unsubscribe(EVENT_CHANNEL, onStored));
    const record = (name: string) => (ctx: unknown) => published.push({ name, ctx });
    const handlers = {
      start: record('start'),
      end: record('end'),
      asyncStart: record('asyncStart'),
      asyncEnd: record('asyncEnd'),
      error: record('error'),
    };
    const runChannel = tracingChannel(RUN_TRACING_CHANNEL);
    runChannel.subscribe(handlers);
    cleanups.push(() => runChannel.unsubscribe(handlers));
    const spans: FakeSpan[] = [];

    const adapter = testAdapter(async ({ emit, run, signal }) => {
      const input = JSON.stringify(run.input);
      emit({
        type: 'message_streamed',
        data: { delta: `key=${SECRET}` },
        metadata: { auth: SECRET, [SHORT]: SHORT },
      });
      emit({
        type: 'tool_call_started',
        data: { toolCallId: 't1', toolName: 'env', toolInput: { [SECRET]: [SECRET] } },
      });
      emit({
        type: 'tool_call_completed',
        data: { toolCallId: 't1', toolName: 'env', toolOutput: `API_KEY=${SECRET}` },
      });
      emit({
        type: 'tool_call_failed',
        data: { toolCallId: 't2', toolName: 'curl', error: `401 ${SECRET}` },
      });
      emit({
        type: 'error_occurred',
        data: { errorCode: 'provider_error', errorMessage: `retrying ${SECRET}`, fatal: false },
      });
      if (input.includes('axios')) {
        const error = Object.assign(new Error('Request failed with status code 401'), {
          name: 'AxiosError',
          code: 'ERR_BAD_REQUEST',
          config: { headers: { 'x-api-key': SECRET, Accept: 'application/json' } },
          response: { status: 401, data: { message: `invalid key ${SHORT}` } },
        });
        throw new Error('wrapped', { cause: error });
      }
      if (input.includes('agent')) {
        throw new AgentSessionError('provider_authentication_failed', `bad key ${SECRET}`, {
          details: { key: SECRET },
          cause: Object.assign(new Error('inner'), { request: { auth: `Bearer ${SECRET}` } }),
        });
      }
      if (input.includes('hang')) {
        await aborted(signal);
        throw new Error(`aborted while holding ${SECRET}`);
      }
      return reply(`echo ${SECRET}`, {
        output: {
          content: `echo ${SECRET}`,
          stopReason: `stop-${SHORT}`,
          toolCalls: [{ toolCallId: 't1', toolName: 'env', toolInput: { key: SECRET } }],
        },
        model: `model-${SECRET}`,
        providerSessionId: `conv-${SECRET}`,
        state: { token: SECRET, [SECRET]: SHORT },
      });
    });
    Object.defineProperty(adapter, 'model', { value: `default-${SHORT}` });

    const m = new SessionManager({
      store,
      adapter,
      secrets: [SECRET, SHORT],
      telemetry: createTelemetry({ tracer: recordingTracer(spans) }),
    });
    const session = await m.startSession({
      agentId: `agent-${SHORT}`,
      context: { systemPrompt: `Use ${SECRET}`, nested: { [SECRET]: [SECRET] } },
      metadata: { token: SECRET, list: [`a${SHORT}b`] },
      tags: [`tag-${SECRET}`, SHORT],
    });
    const results: RunResult[] = [];
    const seenByOnEvent: SessionEvent[] = [];
    const onEvent = (event: SessionEvent) => seenByOnEvent.push(event);
    for (const input of [`ok ${SECRET}`, 'axios', 'agent', `second ok ${SHORT}`]) {
      const run = await m.startRun(session.id, input, { metadata: { note: `n ${SECRET}` } });
      results.push(await m.executeRun(run.id, { onEvent }));
    }
    expect(results.map((r) => r.status)).toEqual(['completed', 'failed', 'failed', 'completed']);

    // Cancelled by a signal aborted before the run started (a string and an Error reason).
    for (const reason of [`stop ${SECRET}`, new Error(`stop ${SHORT}`)]) {
      const run = await m.startRun(session.id, 'never runs');
      results.push(await m.executeRun(run.id, { signal: AbortSignal.abort(reason), onEvent }));
    }
    // Cancelled while running, by cancelRun and by a signal.
    const running = await m.startRun(session.id, 'hang');
    const pending = m.executeRun(running.id, { onEvent });
    await new Promise((r) => setTimeout(r, 20));
    const cancelledRun = await m.cancelRun(running.id, `user ${SECRET}`);
    results.push(await pending);
    const controller = new AbortController();
    const viaSignal = await m.startRun(session.id, 'hang');
    const signalled = m.executeRun(viaSignal.id, { signal: controller.signal, onEvent });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort(`signal ${SHORT}`);
    results.push(await signalled);
    expect(results.slice(4).map((r) => r.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);

    // Session endings with secrets in their reasons and messages.
    const other = await m.startSession({ agentId: 'b', metadata: { k: SECRET } });
    await m.cancelSession(other.id, `bye ${SECRET}`);
    const third = await m.startSession({ agentId: 'c' });
    await m.activateSession(third.id);
    const failedSession = await m.failSession(third.id, new Error(`died ${SECRET}`));
    const once = await m.runOnce({ agentId: 'd', context: { k: SECRET } }, `once ${SECRET}`);

    const sessions = (await m.listSessions()).items;
    const runs = (await m.listRuns(session.id)).items;
    const events = [
      ...(await m.getEvents(session.id)),
      ...(await m.getEvents(other.id)),
      ...(await m.getEvents(third.id)),
    ];
    const errors = results.map((r) => r.error).filter((e) => e !== null);
    expect(errors.length).toBeGreaterThan(4);
    const everything = {
      sessions,
      runs,
      events,
      seenByOnEvent,
      results,
      once,
      cancelledRun,
      failedSession,
      published,
      spans,
    };
    expect(leaks(everything)).toEqual([]);
    for (const error of errors) {
      expect(JSON.stringify(error)).not.toContain(SECRET);
      expect(JSON.stringify(error)).not.toContain(SHORT);
      expect(leaks(error)).toEqual([]);
    }
    // The axios-like cause is still there, redacted.
    const axios = results[1]?.error?.cause as { cause?: { config?: { headers?: unknown } } };
    expect(axios.cause?.config?.headers).toEqual({
      'x-api-key': '[redacted]',
      Accept: 'application/json',
    });
    expect(JSON.stringify(everything)).toContain('[redacted]');
    expect(spans.length).toBeGreaterThan(0);
    expect(published.length).toBeGreaterThan(0);
    expect((await m.getSession(session.id)).providerSessionId).toBe('conv-[redacted]');

    await m.close();
    const beforeClose = ['', '-wal', '-shm']
      .map((suffix) => `${path}${suffix}`)
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file));
    await store.close();
    const afterClose = ['', '-wal', '-shm', '-journal']
      .map((suffix) => `${path}${suffix}`)
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file));
    expect(afterClose.length).toBeGreaterThan(0);
    for (const bytes of [...beforeClose, ...afterClose]) {
      expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET, 'utf16le'))).toBe(false);
      expect(bytes.includes(Buffer.from(SHORT))).toBe(false);
    }
    // The check can see text: what was redacted is stored in its place.
    expect(afterClose.some((bytes) => bytes.includes(Buffer.from('[redacted]')))).toBe(true);
  });
});
