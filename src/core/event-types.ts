/**
 * The 22 event types, by group.
 *
 * @example
 * ```ts
 * EVENT_TYPES_BY_GROUP.run; // ['run_started', 'run_completed', ...]
 * eventGroup('tool_call_failed'); // 'tool'
 * ```
 */
export const EVENT_TYPES_BY_GROUP = {
  session: [
    'session_created',
    'session_started',
    'session_paused',
    'session_resumed',
    'session_completed',
    'session_failed',
    'session_cancelled',
  ],
  run: ['run_started', 'run_completed', 'run_failed', 'run_cancelled', 'run_timeout'],
  message: ['message_sent', 'message_received', 'message_streamed'],
  tool: ['tool_call_started', 'tool_call_completed', 'tool_call_failed'],
  error: ['error_occurred', 'error_recovered'],
  usage: ['token_usage_updated', 'turn_completed'],
} as const;

/** An event group. */
export type EventGroup = keyof typeof EVENT_TYPES_BY_GROUP;

/** One of the 22 event types. */
export type EventType = (typeof EVENT_TYPES_BY_GROUP)[EventGroup][number];

/** All event types, in group order. */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(
  Object.values(EVENT_TYPES_BY_GROUP).flat(),
);

/** The event types that end a run. */
export const TERMINAL_RUN_EVENT_TYPES = Object.freeze([
  'run_completed',
  'run_failed',
  'run_cancelled',
  'run_timeout',
] as const satisfies readonly EventType[]);

/** An event type that ends a run. */
export type TerminalRunEventType = (typeof TERMINAL_RUN_EVENT_TYPES)[number];

const groupOf = new Map<string, EventGroup>();
for (const [group, types] of Object.entries(EVENT_TYPES_BY_GROUP)) {
  for (const type of types) groupOf.set(type, group as EventGroup);
}

/** Whether `value` is one of the 22 event types. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && groupOf.has(value);
}

/** The group of an event type. */
export function eventGroup(type: EventType): EventGroup {
  return groupOf.get(type) as EventGroup;
}

/** Whether an event type ends a run. */
export function isTerminalRunEventType(type: string): type is TerminalRunEventType {
  return (TERMINAL_RUN_EVENT_TYPES as readonly string[]).includes(type);
}
