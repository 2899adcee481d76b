// Start-up time of the built `asm` against `node -e 0`, in the same run: `asm --help`,
// `asm sessions --limit 20` on a 10,000-session SQLite store, and `asm show` of one session there.
// Each case is a fresh process; rounds alternate the cases so machine noise spreads evenly.
// Run `npm run build` first: it measures dist/cli/bin.js (or $ASM_BIN). Usage: npm run bench:cli [-- --rounds 15]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from '../src/core/session.js';
import { SessionEvent } from '../src/core/session-event.js';
import { SqliteSessionStore } from '../src/stores/sqlite/sqlite-session-store.js';
import { fmt, median, printTable } from './lib/measure.js';

const BIN = process.env.ASM_BIN ?? resolve(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const SESSIONS = 10_000;
const TARGET_MS = 200;
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 11;

async function seed(path: string): Promise<string> {
  const store = new SqliteSessionStore({ path });
  let last = '';
  const batch: Promise<unknown>[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const session = Session.create({ agentId: `agent-${i % 7}` });
    last = session.id;
    batch.push(
      store.saveSession(session).then(() =>
        store.appendEvents(session.id, [
          SessionEvent.create({
            type: 'session_created',
            sessionId: session.id,
            data: { agentId: session.agentId },
          }),
        ]),
      ),
    );
    if (batch.length === 500) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await store.close();
  return last;
}

function timeProcess(args: readonly string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
  }
  return ms;
}

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'asm-cli-bench-'));
  try {
    const store = `sqlite:${join(dir, 'sessions.db')}`;
    const sessionId = await seed(join(dir, 'sessions.db'));
    const cases: Record<string, readonly string[]> = {
      'node -e 0': ['-e', '0'],
      'asm --help': [BIN, '--help'],
      'asm sessions --limit 20': [BIN, 'sessions', '--limit', '20', '--store', store],
      'asm show <session>': [BIN, 'show', sessionId, '--store', store],
    };
    const samples: Record<string, number[]> = {};
    for (const name of Object.keys(cases)) {
      samples[name] = [];
      timeProcess(cases[name] as string[], dir); // warm the file cache
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, args] of Object.entries(cases)) {
        samples[name]?.push(timeProcess(args, dir));
      }
    }
    const baseline = median(samples['node -e 0'] as number[]);
    const rows = Object.entries(samples).map(([name, ms]) => {
      const m = median(ms);
      const verdict = name === 'node -e 0' ? '' : m < TARGET_MS ? 'yes' : 'NO';
      return [
        name,
        fmt(m, 1),
        fmt(Math.min(...ms), 1),
        fmt(Math.max(...ms), 1),
        fmt(m / baseline, 2),
        verdict,
      ];
    });
    printTable(
      `asm start-up, ${SESSIONS.toLocaleString('en-US')} sessions, ${ROUNDS} rounds (ms)`,
      ['case', 'median', 'min', 'max', '× node -e 0', `< ${TARGET_MS} ms`],
      rows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
