import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSessionError } from './agent-session-error.js';
import { Run } from './run.js';
import { RUN_STATUSES, RUN_TRANSITIONS, type RunStatus } from './run-status.js';
import { Session } from './session.js';
import { SESSION_STATUSES, SESSION_TRANSITIONS, type SessionStatus } from './session-status.js';

const SESSION_ALLOWED: Record<SessionStatus, SessionStatus[]> = {
  pending: ['active', 'failed', 'cancelled'],
  active: ['paused', 'completed', 'failed', 'cancelled'],
  paused: ['active', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};
const RUN_ALLOWED: Record<RunStatus, RunStatus[]> = {
  pending: ['running', 'failed', 'cancelled'],
  running: ['completed', 'failed', 'cancelled', 'timeout'],
  completed: [],
  failed: [],
  cancelled: [],
  timeout: [],
};

function sessionIn(status: SessionStatus): Session {
  return Session.create({ agentId: 'a', status });
}

function runIn(status: RunStatus): Run {
  return Run.create({ sessionId: 'ses_1', input: 'hi', status });
}

function moveRun(run: Run, to: RunStatus): Run {
  switch (to) {
    case 'running':
      return Run.start(run);
    case 'completed':
      return Run.complete(run, { content: 'ok', stopReason: 'end_turn', toolCalls: [] });
    case 'failed':
      return Run.fail(run, { code: 'provider_error', message: 'boom' });
    case 'cancelled':
      return Run.cancel(run);
    case 'timeout':
      return Run.timeout(run, 10);
    case 'pending':
      throw new Error('no function moves a run back to pending');
  }
}

function expectInvalidTransition(fn: () => unknown, from: string, to: string) {
  try {
    fn();
    expect.unreachable(`${from} -> ${to} should be refused`);
  } catch (error) {
    expect(AgentSessionError.isInstance(error)).toBe(true);
    expect((error as AgentSessionError).code).toBe('invalid_transition');
    expect((error as AgentSessionError).message).toContain(from);
    expect((error as AgentSessionError).message).toContain(to);
  }
}

describe('session state machine', () => {
  it('matches the table of the design', () => {
    expect(SESSION_TRANSITIONS).toEqual(SESSION_ALLOWED);
  });

  for (const from of SESSION_STATUSES) {
    for (const to of SESSION_STATUSES) {
      const allowed = SESSION_ALLOWED[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} -> ${to}`, () => {
        const session = sessionIn(from);
        if (allowed) {
          const next = Session.transition(session, to);
          expect(next.status).toBe(to);
          expect(next.id).toBe(session.id);
          expect(Object.isFrozen(next)).toBe(true);
        } else {
          expectInvalidTransition(() => Session.transition(session, to), from, to);
        }
        expect(session.status).toBe(from);
      });
    }
  }

  it('refuses an unknown status with invalid_status', () => {
    expect(() => Session.transition(sessionIn('active'), 'done' as never)).toThrow(
      expect.objectContaining({ code: 'invalid_status' }),
    );
  });
});

describe('run state machine', () => {
  it('matches the table of the design', () => {
    expect(RUN_TRANSITIONS).toEqual(RUN_ALLOWED);
  });

  for (const from of RUN_STATUSES) {
    for (const to of RUN_STATUSES.filter((s) => s !== 'pending')) {
      const allowed = RUN_ALLOWED[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} -> ${to}`, () => {
        const run = runIn(from);
        if (allowed) {
          const next = moveRun(run, to);
          expect(next.status).toBe(to);
          if (to === 'running') expect(next.startedAt).not.toBeNull();
          if (RUN_ALLOWED[to].length === 0) expect(next.endedAt).not.toBeNull();
          else expect(next.endedAt).toBeNull();
        } else {
          expectInvalidTransition(() => moveRun(run, to), from, to);
        }
        expect(run.status).toBe(from);
      });
    }
  }

  it('has no way back to pending', () => {
    for (const from of RUN_STATUSES) expect(RUN_ALLOWED[from]).not.toContain('pending');
  });
});

describe('state machine properties', () => {
  it('any sequence of attempted session transitions keeps the invariants', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SESSION_STATUSES), { maxLength: 30 }), (steps) => {
        let session = Session.create({ agentId: 'a' });
        for (const to of steps) {
          const before = session;
          const allowed = SESSION_ALLOWED[before.status].includes(to);
          try {
            session = Session.transition(session, to);
            expect(allowed).toBe(true);
            expect(session.status).toBe(to);
          } catch (error) {
            expect(allowed).toBe(false);
            expect((error as AgentSessionError).code).toBe('invalid_transition');
            expect(session).toBe(before);
          }
          if (Session.isTerminal(before)) expect(session.status).toBe(before.status);
        }
      }),
    );
  });

  it('any sequence of attempted run transitions keeps the invariants', () => {
    const targets = RUN_STATUSES.filter((s) => s !== 'pending');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...targets), { maxLength: 30 }), (steps) => {
        let run = Run.create({ sessionId: 'ses_1', input: 'x' });
        for (const to of steps) {
          const before = run;
          try {
            run = moveRun(run, to);
            expect(RUN_ALLOWED[before.status]).toContain(to);
          } catch (error) {
            expect(RUN_ALLOWED[before.status]).not.toContain(to);
            expect((error as AgentSessionError).code).toBe('invalid_transition');
            expect(run).toBe(before);
          }
          expect(Run.isTerminal(run)).toBe(run.endedAt !== null);
          if (run.status !== 'pending')
            expect(run.startedAt !== null || run.status !== 'running').toBe(true);
        }
      }),
    );
  });
});
