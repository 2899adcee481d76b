import type { TransitionTable } from './state-machine.js';

/** The statuses of a session. */
export const SESSION_STATUSES = [
  'pending',
  'active',
  'paused',
  'completed',
  'failed',
  'cancelled',
] as const;

/** A session status. */
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Allowed session transitions; completed, failed and cancelled are terminal. */
export const SESSION_TRANSITIONS: TransitionTable<SessionStatus> = Object.freeze({
  pending: ['active', 'failed', 'cancelled'],
  active: ['paused', 'completed', 'failed', 'cancelled'],
  paused: ['active', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
});
