import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentSessionError } from '../core/agent-session-error.js';
import { cliOwnerId } from './run-owner.js';
import { lockSession, sessionLockPath } from './session-lock.js';

let dir: string;
let db: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asm-lock-'));
  db = join(dir, 'sessions.db');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lockSession', () => {
  it('holds the owner id beside the store and refuses another live owner, naming both', () => {
    const lock = lockSession(db, 'ses_1', cliOwnerId());
    expect(readFileSync(sessionLockPath(db, 'ses_1'), 'utf8').trim()).toBe(cliOwnerId());
    let error: unknown;
    try {
      lockSession(db, 'ses_1', 'asm:other:1:1');
    } catch (e) {
      error = e;
    }
    expect(AgentSessionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^session ses_1 is busy: a run is being executed by ${cliOwnerId()}`),
    );
    lock.release();
    const again = lockSession(db, 'ses_1', 'asm:other:1:1');
    again.release();
  });

  it('takes over a lock whose owner is provably gone', () => {
    const path = sessionLockPath(db, 'ses_2');
    lockSession(db, 'ses_2', `asm:${hostname()}:999999999:1`); // never released: a killed owner
    const lock = lockSession(db, 'ses_2', cliOwnerId());
    expect(readFileSync(path, 'utf8').trim()).toBe(cliOwnerId());
    lock.release();
  });

  it('release leaves a lock that is no longer its own', () => {
    const path = sessionLockPath(db, 'ses_3');
    const lock = lockSession(db, 'ses_3', cliOwnerId());
    writeFileSync(path, 'asm:other:1:1\n');
    lock.release();
    expect(readFileSync(path, 'utf8').trim()).toBe('asm:other:1:1');
  });
});
