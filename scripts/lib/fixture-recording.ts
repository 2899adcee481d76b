// What the fixture recorders share: a scratch directory per scenario, the normalisation that makes
// a recording diffable, writing the fixture file and choosing scenarios from the command line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The directory every recording's temporary directory is rewritten to. */
export const FIXTURE_DIR = '/tmp/asm-fixture';

const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A recorded scenario: one prompt answered by queued fake replies. */
export interface RecordingScenario<Reply> {
  readonly name: string;
  readonly prompt: string;
  readonly replies: readonly Reply[];
  /** A first turn of the same session, run (and not recorded) before the recorded one, which resumes it. */
  readonly before?: { readonly prompt: string; readonly replies: readonly Reply[] };
}

/** The scenario both providers record first: a short text answer in four deltas. */
export const TEXT_SCENARIO = {
  name: 'text',
  prompt: 'Say hello',
  replies: [{ text: 'Hello from the fake model.', chunks: 4 }],
} as const satisfies RecordingScenario<{ text: string; chunks: number }>;

/** A scenario whose one reply is an HTTP error with this status (`error-<status>`). */
export function errorScenario(status: number): RecordingScenario<{ error: { status: number } }> {
  return { name: `error-${status}`, prompt: 'Say hello', replies: [{ error: { status } }] };
}

/** The provider-specific parts of normalising a recording. */
export interface NormaliseRules {
  /** The version digit of the fixed uuids (`00000000-0000-<v>000-8000-…`), as the provider's own ids have. */
  readonly uuidVersion: string;
  /** Rewrites any JSON value by key before strings are normalised (e.g. durations become 0). */
  readonly value?: (key: string, value: unknown) => unknown;
  /** Rewrites a string once the temporary directory is replaced, before ports and uuids are. */
  readonly text?: (text: string) => string;
}

/**
 * Makes a recording diffable: the temporary directory, ports and uuids (numbered in order of
 * appearance) become fixed values, plus what `rules` rewrites. One JSON line per entry.
 */
export function normaliseRecording(
  lines: readonly unknown[],
  dir: string,
  rules: NormaliseRules,
): string {
  const uuids = new Map<string, string>();
  const fixedUuid = (uuid: string): string => {
    let fixed = uuids.get(uuid);
    if (fixed === undefined) {
      const n = String(uuids.size + 1).padStart(12, '0');
      fixed = `00000000-0000-${rules.uuidVersion}000-8000-${n}`;
      uuids.set(uuid, fixed);
    }
    return fixed;
  };
  const replacer = (key: string, raw: unknown): unknown => {
    const value = rules.value === undefined ? raw : rules.value(key, raw);
    if (typeof value !== 'string') return value;
    const text = value.split(dir).join(FIXTURE_DIR);
    return (rules.text?.(text) ?? text)
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(UUID_PATTERN, fixedUuid);
  };
  return `${lines.map((line) => JSON.stringify(line, replacer)).join('\n')}\n`;
}

/**
 * Runs `body` with a started fake and a fresh temporary directory holding an empty `workspace`;
 * closes the fake and removes the directory afterwards, also on failure.
 */
export async function withRecordingDir<Fake extends { close(): Promise<void> }>(
  startFake: () => Promise<Fake>,
  body: (fake: Fake, dir: string) => Promise<void>,
): Promise<void> {
  const fake = await startFake();
  const dir = mkdtempSync(join(tmpdir(), 'asm-fixture-'));
  mkdirSync(join(dir, 'workspace'));
  try {
    await body(fake, dir);
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes `<outDir>/<name>.jsonl` from the recorded lines, plus a `__thrown__` line when the run
 * threw; returns the text written.
 */
export function writeFixture(
  outDir: string,
  name: string,
  recorded: readonly unknown[],
  thrown: string | undefined,
  normalise: (lines: readonly unknown[]) => string,
): string {
  const lines: unknown[] = [...recorded];
  if (thrown !== undefined) lines.push({ type: '__thrown__', message: thrown });
  const text = normalise(lines);
  writeFileSync(join(outDir, `${name}.jsonl`), text);
  return text;
}

/** Records the scenarios named on the command line (all when none is named), one after another. */
export async function recordSelected<Scenario extends { readonly name: string }>(
  outDir: string,
  scenarios: readonly Scenario[],
  record: (scenario: Scenario) => Promise<void>,
): Promise<void> {
  const only = new Set(process.argv.slice(2));
  mkdirSync(outDir, { recursive: true });
  for (const scenario of scenarios) {
    if (only.size === 0 || only.has(scenario.name)) await record(scenario);
  }
}
