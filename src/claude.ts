// Entry point `agent-session-manager/claude`: the Claude Code adapter. Importing it loads
// @anthropic-ai/claude-agent-sdk (an optional peer dependency); without it, the import throws
// `provider_unavailable` naming the package to install.
import { loadClaudeSdk } from './adapters/claude/sdk-loader.js';

await loadClaudeSdk();

export {
  ClaudeAdapter,
  type ClaudeAdapterOptions,
  type ClaudeKeepAlive,
  type ClaudeSdkOptions,
  type ToolDecision,
} from './adapters/claude/index.js';
