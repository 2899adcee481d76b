import type { SessionEvent } from '../core/session-event.js';
import type { Colors } from './colors.js';
import { formatCost, formatTokens } from './format.js';
import { visible } from './terminal-text.js';

type Data = Readonly<Record<string, unknown>>;

function json(value: unknown, max = 80): string {
  return clip(JSON.stringify(value) ?? 'null', max);
}

/** Shorten text to one line of at most `max` characters, control characters made visible. */
export function clip(text: string, max = 80): string {
  const line = visible(text.replace(/\r?\n/g, '⏎').replace(/\t/g, ' '));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** A short human description of an event's data (no type, no seq), safe for a terminal. */
export function describeEvent(event: SessionEvent): string {
  return visible(describeData(event));
}

function describeData(event: SessionEvent): string {
  const d = event.data as Data;
  switch (event.type) {
    case 'session_created':
      return `agent ${str(d.agentId ?? '?')}`;
    case 'message_sent':
    case 'message_received':
      return `${str(d.role)}: ${clip(str(d.content))}`;
    case 'message_streamed':
      return json(d.delta);
    case 'tool_call_started':
      return `${str(d.toolName)} ${json(d.toolInput, 60)}`;
    case 'tool_call_completed':
      return `${str(d.toolName)} → ${json(d.toolOutput, 60)}`;
    case 'tool_call_failed':
      return `${str(d.toolName)}: ${clip(str(d.error))}`;
    case 'token_usage_updated':
      return `${str(d.totalTokens)} tokens`;
    case 'run_started':
      return `provider ${str(d.provider)} · model ${str(d.model ?? '?')}`;
    case 'run_completed':
      return `${str(d.stopReason ?? 'done')} · ${formatTokens(d.tokenUsage)} · ${formatCost(d.costUsd)}`;
    case 'run_failed':
    case 'session_failed':
    case 'error_occurred':
      return `${str(d.errorCode ?? 'error')}: ${clip(str(d.errorMessage ?? ''))}`;
    case 'run_cancelled':
    case 'session_cancelled':
      return `reason ${str(d.reason ?? 'cancelled')}`;
    case 'run_timeout':
      return `after ${str(d.timeoutMs)} ms`;
    default:
      return Object.keys(d).length === 0 ? '' : json(d);
  }
}

function typeColor(type: string, c: Colors): (text: string) => string {
  if (type.endsWith('_failed') || type === 'run_timeout' || type === 'error_occurred') return c.red;
  if (type.endsWith('_cancelled')) return c.yellow;
  if (type.startsWith('tool_')) return c.magenta;
  if (type.startsWith('message_')) return c.cyan;
  if (type.startsWith('run_') || type.startsWith('session_')) return c.blue;
  return c.dim;
}

/**
 * One line for `asm events`: seq, time, type, description.
 *
 * @example
 * ```ts
 * eventLine(event, colors(false)); // '     3  12:00:00.120  run_started          provider mock · model mock-model\n'
 * ```
 */
export function eventLine(event: SessionEvent, c: Colors): string {
  const seq = String(event.seq).padStart(6);
  const time = event.timestamp.slice(11, 23);
  const type = typeColor(event.type, c)(visible(event.type).padEnd(20));
  return `${c.dim(seq)}  ${c.dim(time)}  ${type} ${describeEvent(event)}\n`;
}
