import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApprovalMode, SandboxMode } from '@openai/codex-sdk';
import { expectObject, invalid, isPlainObject, typeName } from '../../core/validate.js';
import { childEnv } from '../kit/child-env.js';

/** A value of Codex's `config.toml`, as `--config` overrides take it. */
export type CodexConfigValue =
  | string
  | number
  | boolean
  | readonly CodexConfigValue[]
  | { readonly [key: string]: CodexConfigValue };

/** Options of `new CodexAdapter(options)`; the names are the Codex SDK's own. */
export interface CodexAdapterOptions {
  /** The model, e.g. `'gpt-5.5'` (default: Codex's). */
  readonly model?: string;
  /** The agent's working directory (default: `process.cwd()`). */
  readonly workingDirectory?: string;
  /** `read-only` (Codex's default), `workspace-write` or `danger-full-access`. */
  readonly sandboxMode?: SandboxMode;
  readonly approvalPolicy?: ApprovalMode;
  /** Run outside a Git repository (Codex refuses to by default). */
  readonly skipGitRepoCheck?: boolean;
  /** A `codex` executable to run instead of the one of `@openai/codex`. */
  readonly codexPathOverride?: string;
  /** The OpenAI API base URL. */
  readonly baseUrl?: string;
  /** The API key (given to the binary as `CODEX_API_KEY`; never in errors or events). */
  readonly apiKey?: string;
  /** `config.toml` overrides, e.g. a model provider. */
  readonly config?: { readonly [key: string]: CodexConfigValue };
  /**
   * Environment of the binary, on top of `process.env` (a key set to `undefined` is removed).
   * `CODEX_HOME` says where Codex keeps its threads (default `~/.codex`). Values of variables
   * named like a key, token, secret or password never appear in errors.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Validated options with defaults applied. */
export interface CodexSettings {
  readonly model: string | null;
  readonly workingDirectory: string;
  readonly sandboxMode: SandboxMode | undefined;
  readonly approvalPolicy: ApprovalMode | undefined;
  readonly skipGitRepoCheck: boolean | undefined;
  readonly codexPathOverride: string | undefined;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly config: Record<string, CodexConfigValue> | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** Where Codex keeps its rollout files. */
  readonly codexHome: string;
}

const SANDBOX_MODES: readonly SandboxMode[] = [
  'read-only',
  'workspace-write',
  'danger-full-access',
];
const APPROVAL_POLICIES: readonly ApprovalMode[] = [
  'never',
  'on-request',
  'on-failure',
  'untrusted',
];

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    invalid(field, `must be a non-empty string, got ${typeName(value)}`);
  }
  return value;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function configValue(value: unknown, field: string, depth: number): CodexConfigValue {
  if (depth > 16) invalid(field, 'is nested too deeply');
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(field, 'must be a finite number');
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => configValue(v, `${field}[${i}]`, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, CodexConfigValue> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = configValue(item, `${field}.${key}`, depth + 1);
    }
    return out;
  }
  return invalid(
    field,
    `must be a string, number, boolean, array or object, got ${typeName(value)}`,
  );
}

/** Validate the adapter's options (`validation_error` naming the field) and apply defaults. */
export function codexSettings(options: CodexAdapterOptions = {}): CodexSettings {
  const o = expectObject(options, 'options');
  const env = childEnv(o.env);
  if (o.skipGitRepoCheck !== undefined && typeof o.skipGitRepoCheck !== 'boolean') {
    invalid('skipGitRepoCheck', `must be a boolean, got ${typeName(o.skipGitRepoCheck)}`);
  }
  const config =
    o.config === undefined
      ? undefined
      : (configValue(expectObject(o.config, 'config'), 'config', 0) as Record<
          string,
          CodexConfigValue
        >);
  const home = env.HOME ?? homedir();
  return Object.freeze({
    model: optionalString(o.model, 'model') ?? null,
    workingDirectory: resolve(
      optionalString(o.workingDirectory, 'workingDirectory') ?? process.cwd(),
    ),
    sandboxMode: oneOf(o.sandboxMode, SANDBOX_MODES, 'sandboxMode'),
    approvalPolicy: oneOf(o.approvalPolicy, APPROVAL_POLICIES, 'approvalPolicy'),
    skipGitRepoCheck: o.skipGitRepoCheck as boolean | undefined,
    codexPathOverride: optionalString(o.codexPathOverride, 'codexPathOverride'),
    baseUrl: optionalString(o.baseUrl, 'baseUrl'),
    apiKey: optionalString(o.apiKey, 'apiKey'),
    config,
    env: Object.freeze(env),
    codexHome: resolve(env.CODEX_HOME ?? join(home, '.codex')),
  });
}
