export { claudeProjectDirName, claudeSessionFilePath } from '../../adapters/claude/project-dir.js';
export {
  FAKE_CLAUDE_LOG_ENV,
  FAKE_CLAUDE_SCRIPT_ENV,
  type FakeClaudeEnvOptions,
  fakeClaudeEnv,
} from './fake-claude-env.js';
export { fakeClaudeExecutable } from './fake-claude-executable.js';
export type {
  FakeClaudeCrashTurn,
  FakeClaudeErrorTurn,
  FakeClaudeHangTurn,
  FakeClaudeScript,
  FakeClaudeTextTurn,
  FakeClaudeToolTurn,
  FakeClaudeTurn,
  FakeClaudeUsage,
} from './fake-claude-script.js';
