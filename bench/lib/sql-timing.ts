import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { MethodTally } from './counting-store.js';

type StatementMethod = (this: Database.Statement, ...params: unknown[]) => unknown;

/** One SQL text as it is reported: collapsed whitespace, at most `max` characters. */
function label(sql: string, max = 90): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Time every better-sqlite3 statement execution in this process (`run`, `get`, `all`, `iterate` of
 * every prepared statement, and `exec`), by SQL text, until `stop()`. Patches the shared
 * prototypes, so it sees the statements of every connection, the store's included.
 */
export function timeSqlStatements(): {
  snapshot(): Record<string, MethodTally>;
  reset(): void;
  stop(): void;
} {
  const tally = new Map<string, MethodTally>();
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    string,
    StatementMethod
  >;
  const databaseProto = Database.prototype as unknown as Record<string, StatementMethod>;
  probe.close();
  const restore: (() => void)[] = [];
  const wrap = (
    proto: Record<string, StatementMethod>,
    name: string,
    sqlOf: (self: unknown, args: unknown[]) => string,
  ) => {
    const original = proto[name] as StatementMethod;
    proto[name] = function timed(this: Database.Statement, ...args: unknown[]) {
      const key = `${name} ${label(sqlOf(this, args))}`;
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        let entry = tally.get(key);
        if (entry === undefined) {
          entry = { calls: 0, ms: 0 };
          tally.set(key, entry);
        }
        entry.calls++;
        entry.ms += performance.now() - start;
      }
    };
    restore.push(() => {
      proto[name] = original;
    });
  };
  for (const name of ['run', 'get', 'all', 'iterate']) {
    wrap(statementProto, name, (self) => (self as Database.Statement).source);
  }
  wrap(databaseProto, 'exec', (_self, args) => String(args[0]));
  return {
    snapshot() {
      const out: Record<string, MethodTally> = {};
      for (const [key, entry] of tally) out[key] = { ...entry };
      return out;
    },
    reset() {
      tally.clear();
    },
    stop() {
      for (const undo of restore.splice(0)) undo();
    },
  };
}
