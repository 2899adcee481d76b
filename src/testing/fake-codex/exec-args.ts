/** What the fake reads from `codex exec` arguments, as the Codex SDK passes them. */
export interface ExecArgs {
  readonly model?: string;
  readonly sandbox?: string;
  readonly cd?: string;
  readonly skipGitRepoCheck: boolean;
  /** The thread id after `resume`. */
  readonly resume?: string;
  /** `--config key=value` overrides, values still in TOML (strings quoted). */
  readonly config: ReadonlyMap<string, string>;
  readonly images: readonly string[];
  readonly addDirs: readonly string[];
}

const WITH_VALUE = new Set([
  '--config',
  '-c',
  '--model',
  '-m',
  '--sandbox',
  '-s',
  '--cd',
  '-C',
  '--add-dir',
  '--image',
  '-i',
  '--output-schema',
  '--thread-source',
  '--cyber-access-program',
  '--profile',
  '-p',
]);

/** Parses `exec --experimental-json [options] [resume <id>] [options]`; unknown flags are ignored. */
export function parseExecArgs(argv: readonly string[]): ExecArgs {
  const config = new Map<string, string>();
  const images: string[] = [];
  const addDirs: string[] = [];
  const positional: string[] = [];
  let model: string | undefined;
  let sandbox: string | undefined;
  let cd: string | undefined;
  let skipGitRepoCheck = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!WITH_VALUE.has(arg)) {
      if (arg === '--skip-git-repo-check') skipGitRepoCheck = true;
      else if (!arg.startsWith('-')) positional.push(arg);
      continue;
    }
    const value = argv[++i] ?? '';
    if (arg === '--config' || arg === '-c') {
      const eq = value.indexOf('=');
      if (eq > 0) config.set(value.slice(0, eq).trim(), value.slice(eq + 1).trim());
    } else if (arg === '--model' || arg === '-m') model = value;
    else if (arg === '--sandbox' || arg === '-s') sandbox = value;
    else if (arg === '--cd' || arg === '-C') cd = value;
    else if (arg === '--image' || arg === '-i') images.push(value);
    else if (arg === '--add-dir') addDirs.push(value);
  }
  const at = positional.indexOf('resume');
  const resume = at >= 0 ? positional[at + 1] : undefined;
  return { model, sandbox, cd, skipGitRepoCheck, resume, config, images, addDirs };
}

/** A TOML string override's value (`"x"` → `x`); other values as written. */
export function tomlString(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.startsWith('"')) return value;
  try {
    return String(JSON.parse(value));
  } catch {
    return value;
  }
}

/** The Responses URL the real CLI would name in an HTTP error, from the provider overrides. */
export function responsesUrl(args: ExecArgs): string {
  const provider = tomlString(args.config.get('model_provider'));
  const base =
    (provider !== undefined
      ? tomlString(args.config.get(`model_providers.${provider}.base_url`))
      : undefined) ??
    tomlString(args.config.get('openai_base_url')) ??
    'https://api.openai.com/v1';
  return `${base.replace(/\/+$/, '')}/responses`;
}
