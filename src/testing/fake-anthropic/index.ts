export { anthropicErrorType } from './anthropic-error-body.js';
export { defaultFakeAnthropicReply } from './default-reply.js';
export type {
  FakeAnthropic,
  FakeAnthropicDisconnectReply,
  FakeAnthropicEnvOptions,
  FakeAnthropicErrorReply,
  FakeAnthropicHangReply,
  FakeAnthropicOptions,
  FakeAnthropicReply,
  FakeAnthropicRequest,
  FakeAnthropicTextReply,
  FakeAnthropicToolUseReply,
  FakeAnthropicUsage,
} from './fake-anthropic-types.js';
export { startFakeAnthropic } from './start-fake-anthropic.js';
