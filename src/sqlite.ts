// Entry point `agent-session-manager/sqlite`: the SQLite store. Importing it loads better-sqlite3
// (an optional peer dependency); without it, the import throws `storage_connection_failed`.
export {
  SqliteSessionStore,
  type SqliteSessionStoreOptions,
  type SqliteStoreStats,
} from './stores/sqlite/sqlite-session-store.js';
