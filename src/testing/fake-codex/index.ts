export {
  FAKE_CODEX_LOG_ENV,
  FAKE_CODEX_SCRIPT_ENV,
  type FakeCodexEnvOptions,
  fakeCodexEnv,
} from './fake-codex-env.js';
export { fakeCodexExecutable } from './fake-codex-executable.js';
export type {
  FakeCodexCommandTurn,
  FakeCodexCrashTurn,
  FakeCodexErrorTurn,
  FakeCodexFileChangeTurn,
  FakeCodexHangTurn,
  FakeCodexScript,
  FakeCodexTextTurn,
  FakeCodexTodoTurn,
  FakeCodexTurn,
  FakeCodexUsage,
  FakeCodexWarningTurn,
} from './fake-codex-script.js';
export { findRollout as findCodexRollout } from './rollout.js';
