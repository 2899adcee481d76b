import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  reply,
  STORE_FACTORIES,
  testAdapter,
  useTestScope,
} from '../../../test/support/manager-kit.js';
import { Run } from '../../core/run.js';
import type { SessionEvent } from '../../core/session-event.js';
import { createTelemetry } from '../../observability/create-telemetry.js';
import { EVENT_CHANNEL } from '../../observability/diagnostics.js';

const listeners: (() => void)[] = [];
afterEach(() => {
  for (const stop of listeners.splice(0)) stop();
});

/** Ids of the events published on the diagnostics event channel, in order. */
function publishedIds(): string[] {
  const ids: string[] = [];
  const onStored = (message: unknown) => {
    for (const event of (message as { events: readonly SessionEvent[] }).events) ids.push(event.id);
  };
  subscribe(EVENT_CHANNEL, onStored);
  listeners.push(() => unsubscribe(EVENT_CHANNEL, onStored));
  return ids;
}

describe.each(STORE_FACTORIES)('stored events are published once, on the %s store', (_n, make) => {
  const scope = useTestScope(make);

  it('run events, session transitions and recovery all reach the event channel exactly once', async () => {
    const ids = publishedIds();
    const m = scope.manager(
      testAdapter(async ({ emit }) => {
        emit({ type: 'message_streamed', data: { delta: 'h' } });
        emit({ type: 'message_received', data: { role: 'assistant', content: 'hi' } });
        return reply('hi');
      }),
      { telemetry: createTelemetry() },
    );
    const session = await m.startSession({ agentId: 'a' });
    const run = await m.startRun(session.id, 'go');
    await m.executeRun(run.id);
    await m.pauseSession(session.id);
    await m.resumeSession(session.id);
    // A run another process left running, long without a heartbeat: recovery ends it here.
    const old = new Date(Date.now() - 60_000).toISOString();
    const abandoned = await scope.store.saveRun(
      Run.create({
        sessionId: session.id,
        input: 'lost',
        status: 'running',
        owner: 'elsewhere',
        heartbeatAt: old,
        startedAt: old,
      }),
    );
    const { recovered } = await m.recover({ staleAfterMs: 1_000 });
    expect(recovered.map((r) => r.id)).toEqual([abandoned.id]);
    await m.completeSession(session.id);

    const stored = (await scope.store.readEvents(session.id)).map((e) => e.id);
    expect(stored.length).toBeGreaterThan(8);
    expect(ids).toEqual(stored);
  });
});
