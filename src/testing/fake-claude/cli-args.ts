/** What the fake understands of the arguments the SDK passes to the Claude Code CLI. */
export interface FakeClaudeArgs {
  readonly model: string | undefined;
  readonly resume: string | undefined;
  readonly sessionId: string | undefined;
  /** `--permission-prompt-tool=stdio`: the SDK has a `canUseTool` callback and answers `can_use_tool`. */
  readonly permissionPromptStdio: boolean;
  readonly permissionMode: string;
  readonly allowedTools: readonly string[];
  readonly disallowedTools: readonly string[];
  readonly includePartialMessages: boolean;
  readonly persistSession: boolean;
  readonly additionalDirectories: readonly string[];
}

const BOOLEAN_FLAGS = new Set([
  'verbose',
  'include-partial-messages',
  'include-hook-events',
  'strict-mcp-config',
  'continue',
  'fork-session',
  'no-session-persistence',
  'allow-dangerously-skip-permissions',
  'await-initialize',
  'debug',
  'session-mirror',
]);

/** Reads `--name=value`, `--name value` and bare boolean flags; repeated flags keep every value. */
export function parseCliArgs(argv: readonly string[]): FakeClaudeArgs {
  const values = new Map<string, string[]>();
  const add = (name: string, value: string) =>
    values.set(name, [...(values.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq >= 0) {
      add(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (BOOLEAN_FLAGS.has(name) || next === undefined || next.startsWith('--')) {
      add(name, '');
    } else {
      add(name, next);
      i++;
    }
  }
  const last = (name: string) => values.get(name)?.at(-1);
  const list = (name: string) =>
    (values.get(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  return {
    model: last('model') || undefined,
    resume: last('resume') || undefined,
    sessionId: last('session-id') || undefined,
    permissionPromptStdio: last('permission-prompt-tool') === 'stdio',
    permissionMode: last('permission-mode') || 'default',
    allowedTools: list('allowedTools'),
    disallowedTools: list('disallowedTools'),
    includePartialMessages: values.has('include-partial-messages'),
    persistSession: !values.has('no-session-persistence'),
    additionalDirectories: values.get('add-dir') ?? [],
  };
}
