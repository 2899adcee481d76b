import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const FORBIDDEN = ['better-sqlite3', 'pg', '@anthropic-ai/claude-agent-sdk', '@openai/codex-sdk'];

let work: string;
let project: string;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'asm-pack-'));
  run('npm', ['pack', '--pack-destination', work, '--silent', '--ignore-scripts'], root);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', type: 'module' }),
  );
  run(
    'npm',
    ['install', join(work, tarball), '--no-audit', '--no-fund', '--ignore-scripts', '--silent'],
    project,
  );
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships only built code and docs', () => {
    const listing = JSON.parse(
      run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root),
    );
    const files: string[] = listing[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.some((f) => f.startsWith('src/'))).toBe(false);
    expect(files.some((f) => f.includes('.test.'))).toBe(false);
  });

  it('imports from plain Node ESM without loading a database driver or provider SDK', () => {
    writeFileSync(
      join(project, 'hooks.mjs'),
      `const forbidden = ${JSON.stringify(FORBIDDEN)};
export async function resolve(specifier, context, next) {
  if (forbidden.includes(specifier)) throw new Error('root entry point loaded ' + specifier);
  return next(specifier, context);
}
`,
    );
    writeFileSync(
      join(project, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
    );
    writeFileSync(
      join(project, 'main.mjs'),
      `import { AgentSessionError, Session } from 'agent-session-manager';
const session = Session.create({ agentId: 'packed' });
const error = new AgentSessionError('session_not_found', 'missing');
console.log(JSON.stringify({ status: session.status, ok: AgentSessionError.isInstance(error) }));
`,
    );
    const out = run('node', ['--import', './register.mjs', 'main.mjs'], project);
    expect(JSON.parse(out)).toEqual({ status: 'pending', ok: true });
  });

  it('type-checks a TypeScript consumer through the exports map', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        include: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { Run, Session, type SessionStatus } from 'agent-session-manager';
const session: Session = Session.create({ agentId: 'typed' });
const status: SessionStatus = session.status;
const run = Run.start(Run.create({ sessionId: session.id, input: 'hi' }));
export const summary: string = status + run.status;
`,
    );
    run('node', [tsc, '-p', 'tsconfig.json'], project);
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { Session } from 'agent-session-manager';
export const wrong: number = Session.create({ agentId: 'typed' }).status;
`,
    );
    let output = '';
    try {
      run('node', [tsc, '-p', 'tsconfig.json'], project);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/TS2322/);
  });

  it('the sqlite subpath, without better-sqlite3 installed, fails with storage_connection_failed', () => {
    writeFileSync(
      join(project, 'sqlite.mjs'),
      `try {
  await import('agent-session-manager/sqlite');
  console.log(JSON.stringify({ loaded: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, mentions: /npm install better-sqlite3/.test(error.message) }));
}
`,
    );
    expect(JSON.parse(run('node', ['sqlite.mjs'], project))).toEqual({
      code: 'storage_connection_failed',
      mentions: true,
    });
  });

  it('the claude subpath, without the Agent SDK installed, fails with provider_unavailable', () => {
    writeFileSync(
      join(project, 'claude.mjs'),
      `try {
  await import('agent-session-manager/claude');
  console.log(JSON.stringify({ loaded: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, mentions: /npm install @anthropic-ai\\/claude-agent-sdk/.test(error.message) }));
}
`,
    );
    expect(JSON.parse(run('node', ['claude.mjs'], project))).toEqual({
      code: 'provider_unavailable',
      mentions: true,
    });
  });

  it('the codex subpath, without the Codex SDK installed, fails with provider_unavailable', () => {
    writeFileSync(
      join(project, 'codex.mjs'),
      `try {
  await import('agent-session-manager/codex');
  console.log(JSON.stringify({ loaded: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, mentions: /npm install @openai\\/codex-sdk/.test(error.message) }));
}
`,
    );
    expect(JSON.parse(run('node', ['codex.mjs'], project))).toEqual({
      code: 'provider_unavailable',
      mentions: true,
    });
  });

  it('types of the sqlite and testing subpaths resolve through the exports map', () => {
    writeFileSync(
      join(project, 'subpaths.ts'),
      `import type { SqliteSessionStore } from 'agent-session-manager/sqlite';
import type { SessionStoreConformanceOptions } from 'agent-session-manager/testing';
export type Store = SqliteSessionStore;
export type Options = SessionStoreConformanceOptions;
`,
    );
    writeFileSync(
      join(project, 'tsconfig.subpaths.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['subpaths.ts'],
      }),
    );
    run('node', [tsc, '-p', 'tsconfig.subpaths.json'], project);
  });
});
