import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { busyError } from './cli-error.js';
import { ownerState } from './run-owner.js';

/** A held session lock; `release()` removes it if it is still ours. Idempotent. */
export interface SessionLock {
  release(): void;
}

/** Where the lock of a session of the SQLite file `dbPath` lives: `<db>.locks/<session>.lock`. */
export function sessionLockPath(dbPath: string, sessionId: string): string {
  return join(`${dbPath}.locks`, `${sessionId.replace(/[^\w-]/g, '_')}.lock`);
}

function readOwner(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

// Written aside, then linked into place: the lock appears atomically with its owner inside.
function tryCreate(path: string, owner: string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${owner}\n`);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Take a stale lock out of the way, unless another process replaced it meanwhile. */
function breakStale(path: string, staleOwner: string): void {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else removed it first
  }
  if (readOwner(aside) === staleOwner) {
    unlinkSync(aside);
    return;
  }
  // A fresh lock was moved by mistake: put it back (unless yet another lock appeared).
  try {
    linkSync(aside, path);
  } catch {
    // The path is taken again; the moved lock's owner will find its lock gone and release nothing.
  }
  unlinkSync(aside);
}

/**
 * Take the lock of a session for the run this asm process executes, so runs of one session are
 * serialised across asm processes: an exclusive file beside the SQLite file holding the owner id.
 * A lock whose owner process is provably gone (crashed, SIGKILLed) is taken over; one whose owner
 * is running (or cannot be proven gone) makes this throw a busy error (exit 75) naming the session
 * and the owner.
 *
 * @example
 * ```ts
 * const lock = lockSession('/work/.asm/sessions.db', session.id, cliOwnerId());
 * try { … run … } finally { lock.release(); }
 * ```
 */
export function lockSession(dbPath: string, sessionId: string, owner: string): SessionLock {
  const path = sessionLockPath(dbPath, sessionId);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, owner)) break;
    const holder = readOwner(path);
    if (holder === null) continue; // released between our two calls
    if (holder === owner) break;
    if (attempt < 3 && (holder === '' || ownerState(holder) === 'gone')) {
      breakStale(path, holder);
      continue;
    }
    throw busyError(
      `session ${sessionId} is busy: a run is being executed by ${holder === '' ? 'another asm process' : holder}; wait for it to end or cancel it (asm cancel), then try again`,
    );
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (readOwner(path) === owner) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}
