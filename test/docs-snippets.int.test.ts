// Runs the TypeScript code of the guides and of chosen TSDoc examples, as a user would paste it.
//
// Markdown: every ```ts block of the files in MARKDOWN runs, unless an HTML comment line right before
// its fence says otherwise. The comment holds `;`-separated directives:
//
//   <!-- snippet: skip <reason> -->          not run; the reason is required (e.g. needs a real provider)
//   <!-- snippet: setup <name> -->           runs after a prepared scope (see SETUPS): `adapter`, `store`,
//                                            `manager`, `session`, `run`
//   <!-- snippet: continues -->              runs after the previous runnable block of the same file
//   <!-- snippet: throws <error code> -->    must end with an uncaught AgentSessionError of this code
//
// Each program is written to a temporary .mts file, with `agent-session-manager[/sqlite|/testing]`
// mapped to the sources, and run with tsx in a fresh working directory (so relative SQLite paths land
// there). It must exit with 0 by itself within SNIPPET_TIMEOUT_MS: a loop that never ends, or a
// handle that keeps the process alive, fails the test. Names exported by the package that a snippet
// uses without importing them are imported for it, so fragments need not repeat their imports.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Markdown files whose ```ts blocks are run (add a guide here to cover it). */
const MARKDOWN = [
  'README.md',
  'docs/getting-started.md',
  'docs/architecture.md',
  'docs/sessions-and-runs.md',
  'docs/capabilities.md',
  'docs/concurrency.md',
  'docs/error-handling.md',
  'docs/telemetry.md',
  'docs/testing.md',
  'docs/persistence.md',
  'docs/provider-adapters.md',
  'docs/events-and-streaming.md',
  'docs/claude.md',
  'docs/codex.md',
];

/**
 * TSDoc `@example` blocks of public APIs that run, by source file and the start of the example's
 * first line, with the setup each needs (see SETUPS) or `'standalone'`. Add an entry to cover one.
 */
const TSDOC: Record<string, Record<string, Setup | 'standalone'>> = {
  'src/manager/session-manager.ts': {
    'const manager = new SessionManager({ adapter: new MockAdapter(': 'standalone',
  },
  'src/manager/manager-options.ts': { 'const manager = new SessionManager({': 'standalone' },
  'src/manager/run/run-result.ts': { 'const result = await manager.executeRun(run.id);': 'run' },
  'src/adapters/mock/mock-adapter.ts': { 'const adapter = new MockAdapter(': 'standalone' },
  'src/stores/memory/in-memory-session-store.ts': {
    'const store = new InMemorySessionStore();': 'standalone',
  },
  'src/stores/sqlite/sqlite-session-store.ts': { 'import { SqliteSessionStore }': 'standalone' },
  'src/ports/session-store.ts': { 'const store: SessionStore': 'standalone' },
  'src/ports/provider-adapter.ts': { 'const echo: ProviderAdapter': 'standalone' },
  'src/ports/adapter-event.ts': { 'const delta: AdapterEvent': 'standalone' },
  'src/observability/audit-log.ts': { 'const toolTrail = await getAuditLog(': 'session' },
  'src/observability/create-telemetry.ts': {
    'const manager = new SessionManager({ adapter, telemetry: noopTelemetry': 'adapter',
  },
  'src/observability/diagnostics.ts': {
    "import { tracingChannel } from 'node:diagnostics_channel';": 'standalone',
    "import { subscribe } from 'node:diagnostics_channel';": 'standalone',
  },
  'src/core/agent-session-error.ts': { 'try {': 'manager' },
  'src/core/capability.ts': { 'const search = Capability.create(': 'standalone' },
  'src/core/capability-resolver.ts': { 'const resolver = CapabilityResolver.create(': 'adapter' },
  'src/core/error-codes.ts': { "errorCategory('session_not_found');": 'standalone' },
  'src/core/event-normalizer.ts': { 'const event = EventNormalizer.normalize(': 'run' },
  'src/core/event-types.ts': { 'EVENT_TYPES_BY_GROUP.run;': 'standalone' },
  'src/core/ids.ts': { "newId('ses');": 'standalone' },
  'src/core/manifest.ts': { 'let manifest = Manifest.create(': 'standalone' },
  'src/core/provider-errors.ts': {
    'statusFromMessage(': 'standalone',
    'const error = providerErrorFromStatus(': 'standalone',
  },
  'src/core/registry.ts': { 'let registry = Registry.create();': 'standalone' },
  'src/core/run.ts': { 'let run = Run.create(': 'session' },
  'src/core/session.ts': { 'let session = Session.create(': 'standalone' },
  'src/core/session-event.ts': { 'const event = SessionEvent.create({': 'session' },
  'src/core/token-usage.ts': { 'const usage = TokenUsage.create(': 'standalone' },
};

const ENTRY_POINTS: Record<string, string> = {
  'agent-session-manager': join(root, 'src', 'index.ts'),
  'agent-session-manager/sqlite': join(root, 'src', 'sqlite.ts'),
  'agent-session-manager/testing': join(root, 'src', 'testing.ts'),
  'agent-session-manager/claude': join(root, 'src', 'claude.ts'),
  'agent-session-manager/codex': join(root, 'src', 'codex.ts'),
};

/** Prepared scopes for fragments; each includes the ones before it. */
const SETUPS = ['adapter', 'store', 'manager', 'session', 'run'] as const;
type Setup = (typeof SETUPS)[number];
const SETUP_CODE: Record<Setup, string> = {
  adapter: 'const adapter = new MockAdapter();',
  store: 'const store = new InMemorySessionStore();',
  manager: 'const manager = new SessionManager({ store, adapter });',
  session: "const session = await manager.startSession({ agentId: 'docs' });",
  run: "const run = await manager.startRun(session.id, 'Hello');",
};
const SETUP_END: Partial<Record<Setup, string>> = {
  store: 'await store.close();',
  manager: 'await manager.close();',
};

const SNIPPET_TIMEOUT_MS = 20_000;

interface Directives {
  skip: string | null;
  setup: Setup | null;
  continues: boolean;
  throws: string | null;
}

interface Snippet {
  /** `file:line` of the opening fence. */
  where: string;
  code: string;
  directives: Directives;
}

function parseDirectives(text: string, where: string): Directives {
  const directives: Directives = { skip: null, setup: null, continues: false, throws: null };
  for (const part of text.split(';')) {
    const [word = '', ...rest] = part.trim().split(/\s+/);
    const value = rest.join(' ');
    if (word === 'skip' && value !== '') directives.skip = value;
    else if (word === 'setup' && (SETUPS as readonly string[]).includes(value)) {
      directives.setup = value as Setup;
    } else if (word === 'continues' && value === '') directives.continues = true;
    else if (word === 'throws' && /^[a-z_]+$/.test(value)) directives.throws = value;
    else throw new Error(`${where}: unknown or incomplete snippet directive "${part.trim()}"`);
  }
  return directives;
}

/** The ```ts blocks of a Markdown file with their directives. */
function markdownSnippets(file: string): Snippet[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)/.exec(lines[i] ?? '');
    if (!fence) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    if (fence[1] === 'ts' || fence[1] === 'typescript') {
      const where = `${file}:${i + 1}`;
      let before = i - 1;
      while (before >= 0 && (lines[before] ?? '').trim() === '') before--;
      const comment = /^<!--\s*snippet:(.*)-->\s*$/.exec(lines[before] ?? '');
      snippets.push({
        where,
        code: lines.slice(i + 1, end).join('\n'),
        directives: comment?.[1]
          ? parseDirectives(comment[1], where)
          : { skip: null, setup: null, continues: false, throws: null },
      });
    }
    i = end;
  }
  return snippets;
}

/** The ```ts blocks of the TSDoc `@example`s of a source file, in order. */
function tsdocExamples(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const examples: string[] = [];
  for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
    examples.push(
      (match[1] ?? '')
        .split('\n')
        .map((line) => line.replace(/^\s*\* ?/, ''))
        .join('\n'),
    );
  }
  return examples;
}

/** Value exports of each entry point, to import what a fragment uses without importing it. */
async function entryExports(): Promise<Map<string, string>> {
  const owner = new Map<string, string>();
  for (const [specifier, path] of Object.entries(ENTRY_POINTS)) {
    if (specifier.endsWith('/testing')) continue; // loading it needs a running vitest suite
    for (const name of Object.keys(await import(path))) {
      if (!owner.has(name)) owner.set(name, specifier);
    }
  }
  return owner;
}

const IMPORT = /^import\s+([\s\S]*?)\s+from\s+'([^']+)';?[ \t]*$/gm;

/** One program from snippet code parts: imports merged and hoisted, entry points mapped. */
function program(
  parts: readonly string[],
  ending: readonly string[],
  exported: Map<string, string>,
) {
  const named = new Map<string, Set<string>>();
  const other = new Set<string>();
  const bodies: string[] = [];
  for (const part of parts) {
    bodies.push(
      part.replace(IMPORT, (_all, clause: string, from: string) => {
        const braces = /^(type\s+)?\{([\s\S]*)\}$/.exec(clause.trim());
        if (braces && !braces[1]) {
          const set = named.get(from) ?? new Set<string>();
          for (const item of (braces[2] ?? '').split(',')) {
            if (item.trim() !== '') set.add(item.trim());
          }
          named.set(from, set);
        } else other.add(`import ${clause} from '${from}';`);
        return '';
      }),
    );
  }
  const body = [...bodies, ...ending].join('\n');
  const imported = new Set(
    [...named.values()].flatMap((set) => [...set].map((item) => item.split(/\s+as\s+/).pop())),
  );
  for (const [name, from] of exported) {
    const used = new RegExp(`(?<![\\w.$'"])${name}\\b`).test(body);
    const declared = new RegExp(`\\b(?:const|let|var|class|function)\\s+${name}\\b`).test(body);
    if (!used || declared || imported.has(name)) continue;
    const set = named.get(from) ?? new Set<string>();
    set.add(name);
    named.set(from, set);
  }
  const map = (from: string) => ENTRY_POINTS[from] ?? from;
  const imports = [
    ...[...named].map(([from, set]) => `import { ${[...set].join(', ')} } from '${map(from)}';`),
    ...[...other].map((line) =>
      line.replace(/'([^']+)';$/, (_all, from: string) => `'${map(from)}';`),
    ),
  ];
  return `${imports.join('\n')}\n${body}\n`;
}

function setupParts(setup: Setup | null): { before: string[]; after: string[] } {
  if (setup === null) return { before: [], after: [] };
  const chosen = SETUPS.slice(0, SETUPS.indexOf(setup) + 1);
  return {
    before: chosen.map((name) => SETUP_CODE[name]),
    after: chosen
      .map((name) => SETUP_END[name])
      .filter((line): line is string => line !== undefined)
      .reverse(),
  };
}

interface Case {
  where: string;
  parts: string[];
  ending: string[];
  throws: string | null;
}

/** The runnable cases of a Markdown file (continuations carry the blocks they continue). */
function markdownCases(file: string): { cases: Case[]; skipped: Snippet[] } {
  const cases: Case[] = [];
  const skipped: Snippet[] = [];
  let previous: Case | null = null;
  for (const snippet of markdownSnippets(file)) {
    const { skip, setup, continues, throws } = snippet.directives;
    if (skip !== null) {
      skipped.push(snippet);
      continue;
    }
    let current: Case;
    if (continues) {
      if (previous === null)
        throw new Error(`${snippet.where}: "continues" without a block before`);
      current = {
        where: snippet.where,
        parts: [...previous.parts, snippet.code],
        ending: previous.ending,
        throws,
      };
    } else {
      const { before, after } = setupParts(setup);
      current = { where: snippet.where, parts: [...before, snippet.code], ending: after, throws };
    }
    cases.push(current);
    previous = current;
  }
  return { cases, skipped };
}

interface Outcome {
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

const cache = join(root, 'node_modules', '.cache', 'docs-snippets');
mkdirSync(cache, { recursive: true });
const scripts = mkdtempSync(join(cache, 'run-'));
const workDirs: string[] = [];
let counter = 0;

afterAll(() => {
  rmSync(scripts, { recursive: true, force: true });
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Run one program. The script lives under node_modules/.cache so that packages the snippet imports
 * (e.g. an OpenTelemetry SDK) resolve from this repository; it runs in its own temporary directory.
 */
function runProgram(source: string): Promise<Outcome> {
  const script = join(scripts, `snippet-${++counter}.mts`);
  writeFileSync(script, source);
  const cwd = mkdtempSync(join(tmpdir(), 'asm-snippet-'));
  workDirs.push(cwd);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'CODEX_API_KEY', 'ASM_STORE']) {
    delete env[key];
  }
  return new Promise((done) => {
    execFile(
      tsx,
      [script],
      { cwd, env, timeout: SNIPPET_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const timedOut = error !== null && error.killed === true;
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ code, timedOut, stdout, stderr });
      },
    );
  });
}

function explain(outcome: Outcome, source: string): string {
  const what = outcome.timedOut
    ? `did not end within ${SNIPPET_TIMEOUT_MS} ms`
    : `exited with ${outcome.code}`;
  return `${what}\n--- program ---\n${source}--- stderr ---\n${outcome.stderr.slice(-3000)}`;
}

const exported = await entryExports();

for (const file of MARKDOWN) {
  const { cases, skipped } = markdownCases(file);
  describe(file, () => {
    for (const c of cases) {
      it(
        `${c.where} ${c.throws ? `throws ${c.throws}` : 'runs and exits 0'}`,
        async () => {
          const source = program(c.parts, c.ending, exported);
          const outcome = await runProgram(source);
          if (c.throws === null) {
            expect(outcome.code, explain(outcome, source)).toBe(0);
          } else {
            expect(outcome.timedOut, explain(outcome, source)).toBe(false);
            expect(outcome.code, explain(outcome, source)).not.toBe(0);
            expect(outcome.stderr).toContain('AgentSessionError');
            expect(outcome.stderr).toContain(`code: '${c.throws}'`);
          }
        },
        SNIPPET_TIMEOUT_MS + 10_000,
      );
    }
    it('every skipped block gives its reason', () => {
      for (const snippet of skipped)
        expect(snippet.directives.skip, snippet.where).toMatch(/\w{3}/);
    });
  });
}

describe('TSDoc examples', () => {
  for (const [file, examples] of Object.entries(TSDOC)) {
    for (const [start, setup] of Object.entries(examples)) {
      it(
        `${file} @example "${start}…" runs and exits 0`,
        async () => {
          const matching = tsdocExamples(file).filter((code) => code.startsWith(start));
          expect(matching, `${file}: examples starting with "${start}"`).toHaveLength(1);
          const { before, after } = setupParts(setup === 'standalone' ? null : setup);
          const source = program([...before, matching[0] as string], after, exported);
          const outcome = await runProgram(source);
          expect(outcome.code, explain(outcome, source)).toBe(0);
        },
        SNIPPET_TIMEOUT_MS + 10_000,
      );
    }
  }
});

describe('what the guides claim about the repository', () => {
  it('architecture.md states the import rules of every src/ folder, without claiming a test of them', () => {
    const text = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const layers = text.slice(text.indexOf('## Layers'), text.indexOf('## The two ports'));
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    for (const folder of folders)
      expect(layers, folder).toMatch(new RegExp(`\\\`${folder}[/\\\`]`));
    expect(layers).not.toMatch(/check in the repository's test run/);
    expect(layers).toContain('the test suite does not check them');
  });
});

describe('which Markdown files run', () => {
  it('every guide in docs/ with a TypeScript block is in MARKDOWN', () => {
    const guides = readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`)
      .filter((file) => markdownSnippets(file).length > 0);
    expect(guides.length).toBeGreaterThan(0);
    for (const guide of guides) expect(MARKDOWN, guide).toContain(guide);
  });
});

describe('snippet extraction', () => {
  it('finds blocks and directives, and refuses an unknown directive', () => {
    expect(parseDirectives(' setup session; throws invalid_transition ', 'x')).toEqual({
      skip: null,
      setup: 'session',
      continues: false,
      throws: 'invalid_transition',
    });
    expect(() => parseDirectives(' run ', 'x.md:1')).toThrow(/x\.md:1: unknown/);
    expect(() => parseDirectives(' skip ', 'x.md:1')).toThrow(/incomplete/);
    expect(markdownSnippets('README.md').length).toBeGreaterThan(0);
  });

  it('merges imports, maps entry points and imports used package names', () => {
    const source = program(
      [
        "import { MockAdapter } from 'agent-session-manager';\nnew MockAdapter();",
        'new SessionManager({ adapter: new MockAdapter() });',
      ],
      [],
      new Map([
        ['MockAdapter', 'agent-session-manager'],
        ['SessionManager', 'agent-session-manager'],
        ['Session', 'agent-session-manager'],
      ]),
    );
    expect(source).toContain(
      `import { MockAdapter, SessionManager } from '${ENTRY_POINTS['agent-session-manager']}';`,
    );
    expect(source).not.toContain('Session,');
    expect(source.match(/^import /gm)).toHaveLength(1);
  });
});
