// Entry point `agent-session-manager/testing`: conformance suites for implementers of the ports.
// Needs vitest (an optional peer dependency); the root entry point never loads this file.
export {
  type AdapterConformanceOptions,
  runAdapterConformance,
} from './testing/adapter-conformance/index.js';
export { MemoryProviderFile } from './testing/adapter-conformance/memory-provider-file.js';
export {
  defaultFakeAnthropicReply,
  type FakeAnthropic,
  type FakeAnthropicDisconnectReply,
  type FakeAnthropicEnvOptions,
  type FakeAnthropicErrorReply,
  type FakeAnthropicHangReply,
  type FakeAnthropicOptions,
  type FakeAnthropicReply,
  type FakeAnthropicRequest,
  type FakeAnthropicTextReply,
  type FakeAnthropicToolUseReply,
  type FakeAnthropicUsage,
  startFakeAnthropic,
} from './testing/fake-anthropic/index.js';
export {
  claudeProjectDirName,
  claudeSessionFilePath,
  FAKE_CLAUDE_LOG_ENV,
  FAKE_CLAUDE_SCRIPT_ENV,
  type FakeClaudeCrashTurn,
  type FakeClaudeEnvOptions,
  type FakeClaudeErrorTurn,
  type FakeClaudeHangTurn,
  type FakeClaudeScript,
  type FakeClaudeTextTurn,
  type FakeClaudeToolTurn,
  type FakeClaudeTurn,
  type FakeClaudeUsage,
  fakeClaudeEnv,
  fakeClaudeExecutable,
} from './testing/fake-claude/index.js';
export {
  defaultFakeResponsesReply,
  FAKE_KEY_ENV,
  FAKE_PROVIDER_ID,
  type FakeCodexConfigValue,
  type FakeResponses,
  type FakeResponsesCommandReply,
  type FakeResponsesDisconnectReply,
  type FakeResponsesEnvOptions,
  type FakeResponsesErrorReply,
  type FakeResponsesFailedReply,
  type FakeResponsesHangReply,
  type FakeResponsesOptions,
  type FakeResponsesPatchReply,
  type FakeResponsesReply,
  type FakeResponsesRequest,
  type FakeResponsesTextReply,
  type FakeResponsesUsage,
  startFakeResponses,
} from './testing/fake-responses/index.js';
export {
  runSessionStoreConformance,
  type SessionStoreConformanceOptions,
} from './testing/store-conformance/index.js';
