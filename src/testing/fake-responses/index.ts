export { FAKE_KEY_ENV, FAKE_PROVIDER_ID } from './codex-env.js';
export { defaultFakeResponsesReply } from './default-reply.js';
export type {
  FakeCodexConfigValue,
  FakeResponses,
  FakeResponsesCommandReply,
  FakeResponsesDisconnectReply,
  FakeResponsesEnvOptions,
  FakeResponsesErrorReply,
  FakeResponsesFailedReply,
  FakeResponsesHangReply,
  FakeResponsesOptions,
  FakeResponsesPatchReply,
  FakeResponsesReply,
  FakeResponsesRequest,
  FakeResponsesTextReply,
  FakeResponsesUsage,
} from './fake-responses-types.js';
export { startFakeResponses } from './start-fake-responses.js';
