import type { TransitionTable } from './state-machine.js';

/** The statuses of a run. */
export const RUN_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
  'timeout',
] as const;

/** A run status. */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Allowed run transitions; completed, failed, cancelled and timeout are terminal. */
export const RUN_TRANSITIONS: TransitionTable<RunStatus> = Object.freeze({
  pending: ['running', 'failed', 'cancelled'],
  running: ['completed', 'failed', 'cancelled', 'timeout'],
  completed: [],
  failed: [],
  cancelled: [],
  timeout: [],
});
