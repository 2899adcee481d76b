// The query and write-option types of the SessionStore port live in core, beside their validators.
export type {
  AppendOptions,
  CommitRequest,
  CommitResult,
  FindRunsFilter,
  ListRunsFilter,
  ListSessionsFilter,
  ReadEventsOptions,
} from '../core/store-queries.js';
