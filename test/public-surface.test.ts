import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';

// The runtime values the root entry point exports. Adding or removing one is a public API change:
// update this list and the CHANGELOG together.
const ROOT_EXPORTS = [
  'AgentSessionError',
  'CANONICAL_DATA_KEYS',
  'CAPABILITY_TYPES',
  'Capability',
  'CapabilityResolver',
  'DEFAULT_MAX_BUFFER_SIZE',
  'ERROR_CATEGORIES',
  'ERROR_CODES',
  'ERROR_CODES_BY_CATEGORY',
  'EVENT_CHANNEL',
  'EVENT_TYPES',
  'EVENT_TYPES_BY_GROUP',
  'EventNormalizer',
  'EventStream',
  'InMemorySessionStore',
  'MAX_TIMER_MS',
  'Manifest',
  'MockAdapter',
  'RETRYABLE_ERROR_CODES',
  'RUN_STATUSES',
  'RUN_TRACING_CHANNEL',
  'RUN_TRANSITIONS',
  'Registry',
  'Run',
  'SESSION_STATUSES',
  'SESSION_TRANSITIONS',
  'Session',
  'SessionEvent',
  'SessionManager',
  'TERMINAL_RUN_EVENT_TYPES',
  'TokenUsage',
  'canTransition',
  'canonicalKeys',
  'createTelemetry',
  'errorCategory',
  'eventGroup',
  'getAuditLog',
  'inputText',
  'isCapabilityType',
  'isErrorCode',
  'isEventType',
  'isId',
  'isIsoTimestamp',
  'isRetryableCode',
  'isTerminal',
  'isTerminalRunEventType',
  'newId',
  'noopTelemetry',
  'nowIso',
  'providerErrorFromStatus',
  'statusFromMessage',
];

describe('the root entry point', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(root).sort()).toEqual([...ROOT_EXPORTS].sort());
  });

  it('exports no store or adapter that needs an optional peer dependency', () => {
    const names = Object.keys(root);
    for (const forbidden of [
      'SqliteSessionStore',
      'PostgresSessionStore',
      'ClaudeAdapter',
      'CodexAdapter',
    ]) {
      expect(names).not.toContain(forbidden);
    }
  });
});
