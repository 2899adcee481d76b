import type { Run } from '../core/run.js';
import type { RunOutput } from '../core/run-parts.js';
import type { Session } from '../core/session.js';
import type { TokenUsage } from '../core/token-usage.js';
import type { Emit } from './adapter-event.js';
import type { AdapterRunControl } from './adapter-run-control.js';
import type { ProviderFileAccess } from './provider-file-access.js';

/** One message of the session's conversation so far, for providers that replay it. */
export interface TranscriptMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** What `ProviderAdapter.execute` receives. */
export interface AdapterExecuteRequest {
  /** The run to execute (status `running`). */
  readonly run: Run;
  readonly session: Session;
  /**
   * The provider's conversation id from the session's previous runs (null on the first run): an
   * adapter with native resume continues that conversation.
   */
  readonly providerSessionId: string | null;
  /** Earlier turns of this session, oldest first, for adapters without native resume. */
  readonly transcript: readonly TranscriptMessage[];
  /**
   * What the adapter reported in the previous run's result (`AdapterResult.state`), e.g. cumulative
   * provider totals, so per-run figures can be computed as a difference and survive a restart.
   */
  readonly previousState: Readonly<Record<string, unknown>> | null;
  readonly emit: Emit;
  /** Aborted on cancel, timeout or shutdown: stop promptly and throw or return. */
  readonly signal: AbortSignal;
  /** Where this run registers `interrupt`, `pause` and `resume`, while `execute` runs. */
  readonly control: AdapterRunControl;
  /**
   * The provider's own session file of this session (one current copy per session and
   * provider, kept compressed in the store): `load()` what the previous run saved, `save()` the
   * current one, so the next run can resume the provider conversation on another machine.
   */
  readonly providerFile: ProviderFileAccess;
}

/** What a finished `execute` returns. */
export interface AdapterResult {
  readonly output: RunOutput;
  /** This run's own usage (not totals over the provider conversation). */
  readonly tokenUsage: Partial<TokenUsage>;
  readonly costUsd?: number | null;
  /** The provider's conversation id, kept on the session so the next run resumes it. */
  readonly providerSessionId?: string | null;
  /** The model that answered, when the provider says. */
  readonly model?: string | null;
  /** Adapter-private JSON state handed back as `previousState` on the session's next run. */
  readonly state?: Readonly<Record<string, unknown>>;
}
