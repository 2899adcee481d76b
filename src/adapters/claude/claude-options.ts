import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CanUseTool, Options, PermissionMode } from '@anthropic-ai/claude-agent-sdk';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { expectInteger, expectObject, invalid, typeName } from '../../core/validate.js';
import { childEnv } from '../kit/child-env.js';

/** Keep a session's Claude Code process open between runs (see `ClaudeAdapterOptions.keepAlive`). */
export interface ClaudeKeepAlive {
  /** Close the process when the session has had no run for this long (ms, 1 … 86,400,000). */
  readonly idleMs: number;
}

/** The `query()` options the adapter sets itself, refused in `sdkOptions`. */
export const MANAGED_SDK_OPTIONS = [
  'abortController',
  'resume',
  'sessionId',
  'continue',
  'forkSession',
  'includePartialMessages',
  'spawnClaudeCodeProcess',
  'systemPrompt',
] as const;

/** `query()` options passed through unchanged (everything but what the adapter manages). */
export type ClaudeSdkOptions = Omit<Options, (typeof MANAGED_SDK_OPTIONS)[number]>;

/** Options of `new ClaudeAdapter(options)`; the names are the Agent SDK's own. */
export interface ClaudeAdapterOptions {
  /** The model, e.g. `'claude-sonnet-4-5'` (default: Claude Code's). */
  readonly model?: string;
  /** The working directory of the agent (default: `process.cwd()`). */
  readonly cwd?: string;
  /**
   * Environment of the CLI, on top of `process.env` (a key set to `undefined` is removed). The
   * values of variables named like a key, token, secret or password never appear in errors.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly permissionMode?: PermissionMode;
  readonly allowedTools?: readonly string[];
  readonly disallowedTools?: readonly string[];
  /** The most agent turns (model calls) per run; reaching it fails the run (`provider_error`). */
  readonly maxTurns?: number;
  /** Asked before each tool use that needs permission; each decision is recorded on the tool's events. */
  readonly canUseTool?: CanUseTool;
  /** A Claude Code executable to run instead of the SDK's own (a path to the binary or a `.js`). */
  readonly pathToClaudeCodeExecutable?: string;
  /** Further `query()` options, passed through (those the adapter manages are refused). */
  readonly sdkOptions?: ClaudeSdkOptions;
  /**
   * Keep each session's CLI process open between its runs (streaming input), so a later run skips
   * the CLI's start (about a second). The process is closed after `idleMs` without a run, on
   * `completeSession`, `failSession`, `cancelSession` and on `SessionManager.close()`; one that
   * died is replaced on the next run.
   */
  readonly keepAlive?: ClaudeKeepAlive;
  /** How many characters of the CLI's stderr errors keep (default 4,000). */
  readonly stderrLimit?: number;
}

/** Validated options with defaults applied. */
export interface ClaudeSettings {
  readonly model: string | null;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly configDir: string;
  readonly permissionMode: PermissionMode | undefined;
  readonly allowedTools: readonly string[] | undefined;
  readonly disallowedTools: readonly string[] | undefined;
  readonly maxTurns: number | undefined;
  readonly canUseTool: CanUseTool | undefined;
  readonly executable: string | undefined;
  readonly sdkOptions: ClaudeSdkOptions;
  readonly keepAlive: ClaudeKeepAlive | null;
  readonly stderrLimit: number;
}

const PERMISSION_MODES: readonly PermissionMode[] = [
  'default',
  'acceptEdits',
  'bypassPermissions',
  'plan',
  'dontAsk',
  'auto',
];
const MAX_IDLE_MS = 86_400_000;

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    invalid(field, `must be a non-empty string, got ${typeName(value)}`);
  }
  return value;
}

function toolList(value: unknown, field: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    invalid(field, `must be an array of tool names, got ${typeName(value)}`);
  return Object.freeze(
    value.map((name: unknown, i: number) => optionalString(name, `${field}[${i}]`) as string),
  );
}

function permissionModeOf(value: unknown): PermissionMode | undefined {
  if (value === undefined) return undefined;
  if (!PERMISSION_MODES.includes(value as PermissionMode)) {
    invalid('permissionMode', `must be one of ${PERMISSION_MODES.join(', ')}`);
  }
  const mode = value as PermissionMode;
  if (mode === 'bypassPermissions' && process.getuid?.() === 0) {
    throw new AgentSessionError(
      'validation_error',
      "permissionMode 'bypassPermissions' cannot be used when running as root: Claude Code " +
        'refuses to start with it. List the tools the agent may use in allowedTools, or use ' +
        "permissionMode 'dontAsk' with allowedTools (or run as another user)",
      { details: { field: 'permissionMode', value: mode } },
    );
  }
  return mode;
}

function sdkOptionsOf(value: unknown): ClaudeSdkOptions {
  if (value === undefined) return {};
  const options = expectObject(value, 'sdkOptions');
  for (const key of MANAGED_SDK_OPTIONS) {
    if (options[key] !== undefined) {
      invalid(`sdkOptions.${key}`, 'is set by ClaudeAdapter itself and cannot be passed through');
    }
  }
  return options as ClaudeSdkOptions;
}

function keepAliveOf(value: unknown): ClaudeKeepAlive | null {
  if (value === undefined) return null;
  const keepAlive = expectObject(value, 'keepAlive');
  const idleMs = expectInteger(keepAlive.idleMs, 'keepAlive.idleMs', 1);
  if (idleMs > MAX_IDLE_MS) invalid('keepAlive.idleMs', `must be at most ${MAX_IDLE_MS}`);
  return Object.freeze({ idleMs });
}

/** Validate the adapter's options (`validation_error` naming the field) and apply defaults. */
export function claudeSettings(options: ClaudeAdapterOptions = {}): ClaudeSettings {
  const o = expectObject(options, 'options');
  const env = childEnv(o.env);
  const maxTurns = o.maxTurns === undefined ? undefined : expectInteger(o.maxTurns, 'maxTurns', 1);
  if (o.canUseTool !== undefined && typeof o.canUseTool !== 'function') {
    invalid('canUseTool', `must be a function, got ${typeName(o.canUseTool)}`);
  }
  const stderrLimit =
    o.stderrLimit === undefined ? 4_000 : expectInteger(o.stderrLimit, 'stderrLimit', 0);
  const home = env.HOME ?? homedir();
  return Object.freeze({
    model: optionalString(o.model, 'model') ?? null,
    cwd: resolve(optionalString(o.cwd, 'cwd') ?? process.cwd()),
    env: Object.freeze(env),
    configDir: resolve(env.CLAUDE_CONFIG_DIR ?? join(home, '.claude')),
    permissionMode: permissionModeOf(o.permissionMode),
    allowedTools: toolList(o.allowedTools, 'allowedTools'),
    disallowedTools: toolList(o.disallowedTools, 'disallowedTools'),
    maxTurns,
    canUseTool: o.canUseTool as CanUseTool | undefined,
    executable: optionalString(o.pathToClaudeCodeExecutable, 'pathToClaudeCodeExecutable'),
    sdkOptions: sdkOptionsOf(o.sdkOptions),
    keepAlive: keepAliveOf(o.keepAlive),
    stderrLimit,
  });
}
