import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dist = resolve(import.meta.dirname, '..', '..', '..', 'dist');
const dir = mkdtempSync(join(tmpdir(), 'asm-sqlite-driver-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// A copy of the built package in a folder with no node_modules above it: better-sqlite3 is missing,
// only the package's runtime dependency (@opentelemetry/api) is there.
function withoutDriver(script: string): unknown {
  cpSync(dist, join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const otel = resolve(import.meta.dirname, '..', '..', '..', 'node_modules', '@opentelemetry');
  symlinkSync(otel, join(dir, 'node_modules', '@opentelemetry'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'main.mjs'), script);
  return JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8' }));
}

describe('the sqlite entry point', () => {
  it('exports only SqliteSessionStore at runtime', async () => {
    const entry = await import('../../sqlite.js');
    expect(Object.keys(entry).sort()).toEqual(['SqliteSessionStore']);
  });
});

describe('without better-sqlite3 installed', () => {
  it('importing the sqlite entry point throws storage_connection_failed naming the package', () => {
    const outcome = withoutDriver(`
      const root = await import('./dist/index.js');
      try {
        await import('./dist/sqlite.js');
        console.log(JSON.stringify({ imported: true }));
      } catch (error) {
        console.log(JSON.stringify({
          isAgentSessionError: root.AgentSessionError.isInstance(error),
          code: error.code,
          retryable: error.retryable,
          message: error.message,
        }));
      }
    `);
    expect(outcome).toMatchObject({
      isAgentSessionError: true,
      code: 'storage_connection_failed',
      retryable: true,
    });
    expect((outcome as { message: string }).message).toContain('npm install better-sqlite3');
  });
});
