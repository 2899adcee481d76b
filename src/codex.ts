// Entry point `agent-session-manager/codex`: the Codex adapter. Importing it loads
// @openai/codex-sdk (an optional peer dependency); without it, the import throws
// `provider_unavailable` naming the package to install.
import { CODEX_SDK_PACKAGE } from './adapters/codex/codex-adapter.js';
import { loadOptionalPeer } from './adapters/kit/optional-peer.js';

await loadOptionalPeer(CODEX_SDK_PACKAGE, 'CodexAdapter', 'codex');

export {
  CodexAdapter,
  type CodexAdapterOptions,
  type CodexConfigValue,
} from './adapters/codex/index.js';
