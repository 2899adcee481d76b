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
  runSessionStoreConformance,
  type SessionStoreConformanceOptions,
} from './testing/store-conformance/index.js';
