import { describe, expect, it, vi } from 'vitest';
import {
  reply,
  STORE_FACTORIES,
  testAdapter,
  useTestScope,
} from '../../../test/support/manager-kit.js';

/** The code of every `AgentSessionError` constructed while the test runs. */
const made = vi.hoisted(() => ({ codes: [] as string[] }));

vi.mock('../../core/agent-session-error.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../core/agent-session-error.js')>();
  class CountedError extends original.AgentSessionError {
    constructor(...args: ConstructorParameters<typeof original.AgentSessionError>) {
      super(...args);
      made.codes.push(args[0]);
    }
  }
  return { ...original, AgentSessionError: CountedError };
});

const memory = STORE_FACTORIES.find(([name]) => name === 'memory');
if (memory === undefined) throw new Error('no memory store fixture');

describe('RunScheduler', () => {
  const scope = useTestScope(memory[1]);

  it('a completed run constructs no error', async () => {
    const m = scope.manager(testAdapter(async () => reply('ok')));
    const session = await m.startSession({ agentId: 'a' });
    made.codes.length = 0;
    for (let turn = 0; turn < 3; turn++) {
      const run = await m.startRun(session.id, `turn ${turn}`);
      expect((await m.executeRun(run.id)).status).toBe('completed');
    }
    expect(made.codes).toEqual([]);
  });
});
