/**
 * The schema, as an ordered list of migrations: migration `i` takes the database from schema version
 * `i` to `i + 1`, and the version is recorded in `PRAGMA user_version`. Append new migrations; never
 * edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    agent_id TEXT NOT NULL,
    status TEXT NOT NULL,
    parent_session_id TEXT,
    provider_session_id TEXT,
    context TEXT NOT NULL,
    metadata TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1)
  );
  CREATE INDEX sessions_by_created ON sessions (created_ms, id);
  CREATE INDEX sessions_by_status ON sessions (status, id);
  CREATE INDEX sessions_by_agent ON sessions (agent_id, id);

  CREATE TABLE session_tags (
    tag TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, session_id)
  ) WITHOUT ROWID;
  CREATE INDEX session_tags_by_session ON session_tags (session_id);

  CREATE TABLE runs (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    input TEXT NOT NULL,
    output TEXT,
    error TEXT,
    metadata TEXT NOT NULL,
    turn_count INTEGER NOT NULL,
    token_usage TEXT NOT NULL,
    cost_usd REAL,
    owner TEXT,
    heartbeat_at TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    version INTEGER NOT NULL CHECK (version >= 1)
  );
  CREATE INDEX runs_by_session ON runs (session_id, id);
  CREATE INDEX runs_by_status ON runs (status, id);
  CREATE INDEX runs_by_owner ON runs (owner, id) WHERE owner IS NOT NULL;

  CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    run_id TEXT,
    timestamp TEXT NOT NULL,
    provider TEXT,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX events_by_run ON events (run_id, seq) WHERE run_id IS NOT NULL;
  `,
  // 2: provider session files, one current copy per session and provider. A rowid table (not
  // WITHOUT ROWID): its rows hold blobs of up to 64 MiB, which overflow pages handle better there.
  `
  CREATE TABLE provider_files (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, provider)
  );
  `,
];

/** The schema version this code creates and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;
