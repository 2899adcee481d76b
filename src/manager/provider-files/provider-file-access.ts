import { AgentSessionError } from '../../core/agent-session-error.js';
import { copyProviderBytes } from '../../core/provider-file-bytes.js';
import { SessionEvent } from '../../core/session-event.js';
import { describeThrown } from '../../core/thrown-value.js';
import { expectString } from '../../core/validate.js';
import type { ProviderFileAccess } from '../../ports/provider-file-access.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { StoredEventsSink } from '../events/stored-events-sink.js';
import {
  CorruptProviderFile,
  decodeProviderFile,
  encodeProviderFile,
  MAX_ORIGINAL_BYTES,
} from './provider-file-codec.js';

/** What `providerFileAccess` binds: the session, the adapter's name, and where to report. */
export interface ProviderFileBinding {
  readonly store: SessionStore;
  readonly sink: StoredEventsSink;
  readonly sessionId: string;
  /** `adapter.name`: the provider whose copy this is. */
  readonly provider: string;
  /** The run that asked, named in what is reported. */
  readonly runId: string;
}

function storageFailure(action: string, b: ProviderFileBinding, error: unknown): AgentSessionError {
  const { message } = describeThrown(error);
  return new AgentSessionError(
    'storage_error',
    `${action} the ${b.provider} session file of session ${b.sessionId} failed: ${message}`,
    { details: { sessionId: b.sessionId, provider: b.provider }, cause: error },
  );
}

/**
 * The session-level `error_occurred` (`fatal: false`) that says a stored copy was unreadable and
 * the run goes on without it. Best effort: a store that fails here changes nothing for the run.
 */
async function reportCorrupt(b: ProviderFileBinding, error: CorruptProviderFile): Promise<void> {
  const event = SessionEvent.create({
    type: 'error_occurred',
    sessionId: b.sessionId,
    provider: b.provider,
    data: {
      errorCode: 'storage_error',
      errorMessage: `the stored ${b.provider} session file of session ${b.sessionId} is unreadable (${error.message}); run ${b.runId} starts without it`,
      fatal: false,
      runId: b.runId,
    },
  });
  try {
    b.sink.publish(b.sessionId, await b.store.appendEvents(b.sessionId, [event]));
  } catch {
    // Reporting must not break the run that found the damage.
  }
}

/**
 * `request.providerFile` of one run: the provider session file of this session and provider,
 * compressed in the store (see `provider-file-codec.ts`) and handed to the adapter as the
 * original bytes. `load` resolves null when nothing is stored or the stored copy is unreadable
 * (reported on the session's log); a failing store throws `storage_error`. `save` copies the
 * bytes synchronously, checks them (`validation_error`: `name` not a non-empty string, `data` not
 * a `Uint8Array`), then compresses and stores them; a failing store throws `storage_error`.
 */
export function providerFileAccess(b: ProviderFileBinding): ProviderFileAccess {
  return Object.freeze({
    async load(): Promise<{ name: string; data: Uint8Array } | null> {
      let stored: Awaited<ReturnType<SessionStore['getProviderFile']>>;
      try {
        stored = await b.store.getProviderFile(b.sessionId, b.provider);
      } catch (error) {
        throw storageFailure('reading', b, error);
      }
      if (stored === null) return null;
      try {
        return { name: stored.name, data: await decodeProviderFile(stored.data) };
      } catch (error) {
        const corrupt =
          error instanceof CorruptProviderFile
            ? error
            : new CorruptProviderFile(describeThrown(error).message, { cause: error });
        await reportCorrupt(b, corrupt);
        return null;
      }
    },

    save(name: string, data: Uint8Array): Promise<void> {
      let checked: { name: string; data: Uint8Array };
      try {
        checked = {
          name: expectString(name, 'name'),
          data: copyProviderBytes(data, 'data', MAX_ORIGINAL_BYTES),
        };
      } catch (error) {
        return Promise.reject(error);
      }
      return (async () => {
        try {
          const encoded = await encodeProviderFile(checked.data);
          await b.store.saveProviderFile(b.sessionId, {
            provider: b.provider,
            name: checked.name,
            data: encoded,
          });
        } catch (error) {
          throw storageFailure('saving', b, error);
        }
      })();
    },
  });
}
